using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace MuxActors.Hocon.Tests;

/// <summary>
/// Randomly mutated versions of valid inputs (seeded, so failures reproduce): each must either parse or
/// throw <see cref="HoconException"/> — never another exception — within a bounded time and allocation.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 100_000;
    private const int Seed = 20_240_521;
    private static readonly TimeSpan MaxPerInput = TimeSpan.FromSeconds(2);
    private const long MaxBytesPerInput = 512L * 1024 * 1024;

    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", ",", ":", "=", "+=", "\n", " ", "\t", "\"", "\"\"\"", "${", "${?", "}", ".", "..", "//", "#",
        "\\", "\\u", "\\u00", "include ", "include \"", "required(", "file(", ")", "null", "true", "-", "1e5", "0.5",
        "a", "b.c", "${a}", "${?x}", "[1,2]", "{x=1}", "\u00A0", "\uFEFF", "é", "\u2028", "$", "?", "!", "@", "+", "\r\n",
    ];

    private static List<(string Text, string? Directory)> Seeds()
    {
        var seeds = new List<(string, string?)>
        {
            ("a = 1\nb = ${a}\nc = ${?nope}\nd = [1, 2] [3]\ne = { x = 1 } { y = 2 }\nf += 1\nf += ${b}", null),
            ("path = \"a:b\"\npath = ${path}\":c\"\nobj { k = v, l = [ x, y ] }\nobj = ${obj} { m = \"\"\"raw\"\"\" }", null),
            ("bar : { foo : 42, baz : ${bar.foo} }\nbar : { foo : 43 }\nfoo : { a : { c : 1 } }\nfoo : ${foo.a}\nfoo : { a : 2 }", null),
            ("{ \"json\": [1, 2.5, -3e2, true, false, null, \"s\\n\\u0041\"], \"o\": { \"p\": {} } }", null),
            ("t = 500ms\ns = 64KiB\nl = [ a b c, \"d\" ]\nx.y.\"z.w\" = 1\nq = ${x.y.\"z.w\"} units", null),
        };
        var root = TestPaths.ConformanceDirectory;
        if (root is not null)
        {
            foreach (var file in Directory.GetFiles(root, "*.*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (file.EndsWith(".conf", StringComparison.Ordinal) || file.EndsWith(".json", StringComparison.Ordinal))
                {
                    seeds.Add((File.ReadAllText(file), Path.GetDirectoryName(file)));
                }
            }
        }

        return seeds;
    }

    [Fact]
    public void Mutated_inputs_parse_or_fail_with_HoconException()
    {
        var seeds = Seeds();
        var random = new Random(Seed);
        var failures = new List<string>();
        var parsed = 0;
        var rejected = 0;
        var slowest = TimeSpan.Zero;
        long mostAllocated = 0;
        var total = Stopwatch.StartNew();

        for (var i = 0; i < Iterations; i++)
        {
            var (seedText, directory) = seeds[random.Next(seeds.Count)];
            var text = Mutate(seedText, seeds, random);
            var options = new HoconParseOptions { Environment = _ => null, BaseDirectory = directory };
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            try
            {
                HoconParser.ParseString(text, "fuzz.conf", options);
                parsed++;
            }
            catch (HoconException)
            {
                rejected++;
            }
            catch (Exception e) when (failures.Count < 5)
            {
                failures.Add($"iteration {i}: {e.GetType().Name}: {e.Message}\ninput: {Escape(text)}\n{e.StackTrace}");
            }

            watch.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            if (watch.Elapsed > slowest)
            {
                slowest = watch.Elapsed;
            }

            mostAllocated = Math.Max(mostAllocated, allocated);
            if (watch.Elapsed >= MaxPerInput || allocated >= MaxBytesPerInput)
            {
                Assert.Fail($"iteration {i} took {watch.Elapsed} and allocated {allocated} bytes: {Escape(text)}");
            }
        }

        output.WriteLine($"{Iterations} inputs from {seeds.Count} seeds in {total.Elapsed.TotalSeconds:F1} s: {parsed} parsed, {rejected} rejected with HoconException");
        output.WriteLine($"slowest input {slowest.TotalMilliseconds:F1} ms, most allocated {mostAllocated / 1024} KiB");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        Assert.True(parsed > Iterations / 20, $"only {parsed} inputs parsed: the mutations are too destructive to exercise the resolver");
    }

    private static string Mutate(string text, List<(string Text, string? Directory)> seeds, Random random)
    {
        var sb = new StringBuilder(text);
        var count = 1 + random.Next(4);
        for (var m = 0; m < count; m++)
        {
            var pos = sb.Length == 0 ? 0 : random.Next(sb.Length + 1);
            switch (random.Next(6))
            {
                case 0 when sb.Length > 0:
                    // Replace one character.
                    sb[Math.Min(pos, sb.Length - 1)] = Fragments[random.Next(Fragments.Length)][0];
                    break;
                case 1:
                    sb.Insert(pos, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 2 when sb.Length > 0:
                    // Delete a short range.
                    var start = Math.Min(pos, sb.Length - 1);
                    sb.Remove(start, Math.Min(1 + random.Next(8), sb.Length - start));
                    break;
                case 3 when sb.Length > 0:
                    // Duplicate a range somewhere else.
                    var from = random.Next(sb.Length);
                    var len = Math.Min(1 + random.Next(40), sb.Length - from);
                    sb.Insert(random.Next(sb.Length + 1), sb.ToString(from, len));
                    break;
                case 4:
                    // Splice in a line of another seed.
                    var lines = seeds[random.Next(seeds.Count)].Text.Split('\n');
                    sb.Insert(pos, lines[random.Next(lines.Length)] + "\n");
                    break;
                default:
                    // A random character, any code point in the BMP.
                    sb.Insert(pos, (char)random.Next(1, 0xFFFF));
                    break;
            }
        }

        return sb.ToString();
    }

    private static string Escape(string s)
    {
        var sb = new StringBuilder();
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when c < ' ' || c > '~' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return "\"" + sb + "\"";
    }
}
