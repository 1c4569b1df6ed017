using System.Globalization;
using System.Text.RegularExpressions;

namespace MuxActors.Management.Tests.Support;

/// <summary>
/// A strict reader of the Prometheus text exposition format (0.0.4): HELP and TYPE at most once per family and
/// before its samples, each family's lines in one group, metric and label names by the grammar, quoted and escaped
/// label values (no label twice), numeric values and optional integer timestamps, no series twice, a final newline.
/// Any violation fails the test with the offending line.
/// </summary>
internal static partial class PrometheusText
{
    /// <summary>The samples of <paramref name="text"/>: (metric name, labels as written) to value.</summary>
    public static Dictionary<(string Name, string Labels), double> Parse(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helps = new HashSet<string>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var samples = new Dictionary<(string, string), double>();
        var series = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        foreach (var line in text[..^1].Split('\n'))
        {
            Assert.False(line.Length == 0, "an empty line");
            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var meta = Meta().Match(line);
                Assert.True(meta.Success, "a malformed HELP or TYPE line: " + line);
                var family = meta.Groups[2].Value;
                Switch(ref current, family, finished, line);
                Assert.False(samples.Keys.Any(k => FamilyOf(k.Item1, types) == family), "HELP or TYPE after the family's samples: " + line);
                if (meta.Groups[1].Value == "HELP")
                {
                    Assert.True(helps.Add(family), "HELP twice: " + line);
                }
                else
                {
                    Assert.Matches("^(counter|gauge|histogram|summary|untyped)$", meta.Groups[3].Value);
                    Assert.True(types.TryAdd(family, meta.Groups[3].Value), "TYPE twice: " + line);
                }
                continue;
            }
            if (line.StartsWith('#'))
                continue; // a comment
            var sample = Sample().Match(line);
            Assert.True(sample.Success, "not a valid sample line: " + line);
            var name = sample.Groups[1].Value;
            var familyName = FamilyOf(name, types);
            Assert.True(types.ContainsKey(familyName), "a sample before its TYPE: " + line);
            Switch(ref current, familyName, finished, line);
            var labels = sample.Groups[2].Value;
            var names = new List<string>();
            if (labels.Length > 0)
            {
                Assert.True(LabelList().IsMatch(labels), "bad labels: " + line);
                names.AddRange(LabelName().Matches(labels).Select(m => m.Groups[1].Value));
                Assert.True(names.Count == names.Distinct(StringComparer.Ordinal).Count(), "a label twice: " + line);
            }
            var value = sample.Groups[3].Value;
            Assert.True(value is "NaN" or "+Inf" or "-Inf" || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
                "bad value: " + line);
            var number = value switch { "NaN" => double.NaN, "+Inf" => double.PositiveInfinity, "-Inf" => double.NegativeInfinity, _ => double.Parse(value, CultureInfo.InvariantCulture) };
            var key = name + "{" + string.Join(",", LabelPair().Matches(labels).Select(m => m.Value).Order(StringComparer.Ordinal)) + "}";
            Assert.True(series.Add(key), "duplicate series: " + line);
            samples[(name, labels)] = number;
        }
        return samples;
    }

    /// <summary>The value of the one series of <paramref name="name"/> whose labels include every one of <paramref name="labels"/>.</summary>
    public static double Value(Dictionary<(string Name, string Labels), double> samples, string name, params string[] labels)
    {
        var found = samples.Where(s => s.Key.Name == name && labels.All(l => s.Key.Labels.Split(',').Contains(l, StringComparer.Ordinal))).ToList();
        Assert.True(found.Count == 1, $"{found.Count} series of {name} with {string.Join(",", labels)}: " +
            string.Join("; ", samples.Keys.Where(k => k.Name == name).Select(k => k.Labels)));
        return found[0].Value;
    }

    private static void Switch(ref string? current, string family, HashSet<string> finished, string line)
    {
        if (current == family)
            return;
        Assert.False(finished.Contains(family), "the family's lines are not in one group: " + line);
        if (current is not null)
            finished.Add(current);
        current = family;
    }

    private static string FamilyOf(string name, Dictionary<string, string> types)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.GetValueOrDefault(name[..^suffix.Length]) is "histogram" or "summary")
                return name[..^suffix.Length];
        }
        return name;
    }

    [GeneratedRegex("^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$")]
    private static partial Regex Meta();

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$")]
    private static partial Regex Sample();

    [GeneratedRegex(@"^[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\\n]|\\[\\""n])*""(?:,[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\\n]|\\[\\""n])*"")*,?$")]
    private static partial Regex LabelList();

    [GeneratedRegex(@"(?:^|,)([a-zA-Z_][a-zA-Z0-9_]*)=""")]
    private static partial Regex LabelName();

    [GeneratedRegex(@"[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\\n]|\\[\\""n])*""")]
    private static partial Regex LabelPair();
}
