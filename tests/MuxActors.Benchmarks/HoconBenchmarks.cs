using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using MuxActors.Hocon;

namespace MuxActors.Benchmarks;

/// <summary>
/// Parsing and resolving a generated ~1 MB HOCON configuration: nested objects, path keys, arrays,
/// quoted, unquoted and triple-quoted strings, comments, object inheritance through substitutions,
/// self-referential substitutions and <c>+=</c>. Target: under 100 ms per parse.
/// </summary>
[MemoryDiagnoser]
public class HoconBenchmarks
{
    private static readonly HoconParseOptions Options = new() { Environment = _ => null };

    private string _text = string.Empty;

    /// <summary>Size of the generated text, reported in the benchmark parameters column.</summary>
    [Params(1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var sb = new StringBuilder(Size + 4096);
        sb.Append("defaults { retries = 3, backoff = 250ms, log { level = info, format = \"[%t] %m\" } }\n");
        for (var i = 0; sb.Length < Size; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            sb.Append("# chardev ").Append(n).Append('\n');
            sb.Append("chardev-").Append(n).Append(" {\n");
            sb.Append("  name = \"console number ").Append(n).Append("\"\n");
            sb.Append("  enabled = true, port = ").Append(2000 + i).Append(", timeout = 1.5s, buffer = 64KiB\n");
            sb.Append("  tags = [ alpha, beta, \"gamma delta\", ").Append(n).Append(" ]\n");
            sb.Append("  serial { baud = 115200, parity = none, stop-bits = 1, device = /dev/ttyS").Append(i % 4).Append(" }\n");
            sb.Append("  policy = ${defaults} { retries = ").Append(i % 7).Append(" }\n");
            sb.Append("  nested { depth1 { depth2 { port = ${chardev-").Append(n).Append(".port}, label = ${chardev-").Append(n).Append(".name}\" (copy)\" } } }\n");
            sb.Append("  path = /usr/bin\n");
            sb.Append("  path = ${chardev-").Append(n).Append(".path}\":/opt/mux/bin\"\n");
            sb.Append("  peers += chardev-").Append(i + 1).Append('\n');
            sb.Append("  banner = \"\"\"Welcome to console ").Append(n).Append("\n  press ^] to detach\"\"\"\n");
            sb.Append("}\n");
            sb.Append("chardev-").Append(n).Append(".extra.\"key.with.dots\" = value-").Append(n).Append(" // trailing comment\n");
        }

        _text = sb.ToString();

        // Fail fast if the generated text stops resolving the way the benchmark assumes.
        var check = new HoconConfig(HoconParser.ParseString(_text, "bench.conf", Options));
        if (check.GetString("chardev-1.nested.depth1.depth2.label") != "console number 1 (copy)"
            || check.GetString("chardev-1.path") != "/usr/bin:/opt/mux/bin")
        {
            throw new InvalidOperationException("generated configuration did not resolve as expected");
        }
    }

    [Benchmark(Description = "ParseString + resolve, ~1 MB")]
    public HoconObject ParseAndResolve() => HoconParser.ParseString(_text, "bench.conf", Options);

    [Benchmark(Description = "AddHoconString + Build (flattened IConfiguration), ~1 MB")]
    public IConfigurationRoot LoadIntoConfiguration() =>
        new ConfigurationBuilder().AddHoconString(_text, "bench.conf", Options).Build();
}
