using System.Globalization;

namespace MuxActors.Ctl.Output;

/// <summary>Byte counts and durations for people, and sizes as people write them.</summary>
internal static class Units
{
    private static readonly (string Suffix, long Factor)[] s_sizes =
    [
        ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10), ("G", 1L << 30), ("M", 1L << 20), ("K", 1L << 10), ("B", 1),
    ];

    /// <summary><c>512 B</c>, <c>12.3 KiB</c>, <c>4.0 MiB</c>.</summary>
    public static string Bytes(long bytes)
    {
        if (bytes < 1024)
            return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        double value = bytes;
        foreach (var unit in new[] { "KiB", "MiB", "GiB", "TiB" })
        {
            value /= 1024;
            if (value < 1024 || unit == "TiB")
                return value.ToString("0.0", CultureInfo.InvariantCulture) + " " + unit;
        }
        return bytes.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary><c>45s</c>, <c>12m05s</c>, <c>3h02m</c>, <c>2d04h</c>.</summary>
    public static string Duration(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return t.TotalDays >= 1 ? $"{(int)t.TotalDays}d{t.Hours:00}h"
            : t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m"
            : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s"
            : $"{t.Seconds}s";
    }

    /// <summary>Parses <c>4096</c>, <c>16K</c>, <c>16KiB</c>, <c>1MiB</c>; <c>null</c> when it is not a size.</summary>
    public static long? ParseSize(string text)
    {
        text = text.Trim();
        foreach (var (suffix, factor) in s_sizes)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && long.TryParse(text[..^suffix.Length].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var scaled))
                return scaled <= long.MaxValue / factor ? scaled * factor : null;
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var plain) ? plain : null;
    }
}
