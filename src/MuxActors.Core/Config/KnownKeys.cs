using MuxActors.Hocon;

namespace MuxActors.Core.Config;

/// <summary>The keys a block may hold, so a misspelled key is an error that suggests the closest known one.</summary>
internal static class KnownKeys
{
    public static readonly string[] Backend = ["type", "mux-be-id", "on-overflow", "replay", "mark-drops", "stall-timeout", "read-only"];
    public static readonly string[] Mux = ["type", "frontend", "backends", "max-backends", "notify", "output", "input", "restart"];
    public static readonly string[] MuxFe = ["type", "backend", "frontends", "escape", "max-frontends", "timestamps", "exit-on-detach", "output", "input", "restart"];
    public static readonly string[] Output = ["high-water", "low-water", "window", "max-lag", "on-overflow", "replay", "mark-drops", "stall-timeout"];
    public static readonly string[] Input = ["high-water", "low-water"];
    public static readonly string[] Restart = ["min-backoff", "max-backoff", "random-factor", "reset-after"];

    /// <summary>Errors for every key of <paramref name="block"/> that is not in <paramref name="known"/>.</summary>
    public static IEnumerable<ConfigError> Check(HoconConfig block, string what, IEnumerable<string> known)
    {
        var allowed = known.ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value) in block.Root.Fields)
        {
            if (allowed.Contains(key))
                continue;
            var path = block.PathPrefix.Length == 0 ? key : block.PathPrefix + "." + ServiceConfigReader.Key(key);
            var hint = Closest(key, allowed) is { } near ? $"; did you mean '{near}'?" : $" (known keys: {string.Join(", ", allowed.Order(StringComparer.Ordinal))})";
            yield return new ConfigError($"{what}: unknown key '{key}'{hint}", value.Origin, path);
        }
    }

    /// <summary>The known key within two edits of <paramref name="key"/>, if any.</summary>
    private static string? Closest(string key, IEnumerable<string> known) =>
        known.Select(k => (Key: k, Distance: Distance(key, k))).Where(k => k.Distance <= 2)
            .OrderBy(k => k.Distance).Select(k => k.Key).FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }
        return row[b.Length];
    }
}
