using System.Diagnostics.CodeAnalysis;

namespace MuxActors.Hocon;

/// <summary>
/// Durations in the spec's format: a number and an optional unit (<c>500ms</c>, <c>1s</c>, <c>2 minutes</c>).
/// A bare number means milliseconds. Units are lowercase only, exactly as the spec lists them.
/// </summary>
public static class HoconDuration
{
    private const decimal NanosPerTick = 100m;

    // Nanoseconds per unit.
    private static readonly Dictionary<string, decimal> Units = new(StringComparer.Ordinal)
    {
        ["ns"] = 1m, ["nano"] = 1m, ["nanos"] = 1m, ["nanosecond"] = 1m, ["nanoseconds"] = 1m,
        ["us"] = 1_000m, ["micro"] = 1_000m, ["micros"] = 1_000m, ["microsecond"] = 1_000m, ["microseconds"] = 1_000m,
        ["ms"] = 1_000_000m, ["milli"] = 1_000_000m, ["millis"] = 1_000_000m, ["millisecond"] = 1_000_000m, ["milliseconds"] = 1_000_000m,
        ["s"] = 1_000_000_000m, ["second"] = 1_000_000_000m, ["seconds"] = 1_000_000_000m,
        ["m"] = 60_000_000_000m, ["minute"] = 60_000_000_000m, ["minutes"] = 60_000_000_000m,
        ["h"] = 3_600_000_000_000m, ["hour"] = 3_600_000_000_000m, ["hours"] = 3_600_000_000_000m,
        ["d"] = 86_400_000_000_000m, ["day"] = 86_400_000_000_000m, ["days"] = 86_400_000_000_000m,
    };

    /// <summary>The unit names the spec allows, for error messages.</summary>
    public static string AllowedUnits { get; } =
        "ns, nano, nanos, nanosecond, nanoseconds, us, micro, micros, microsecond, microseconds, " +
        "ms, milli, millis, millisecond, milliseconds, s, second, seconds, m, minute, minutes, h, hour, hours, d, day, days";

    /// <summary>Parses a duration string such as <c>1.5 s</c> or <c>250ms</c>; a bare number is milliseconds.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The duration, truncated to whole ticks (100 ns).</returns>
    /// <exception cref="FormatException">The text is not a number with an allowed unit; the message lists the units.</exception>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var value, out var problem) ? value : throw new FormatException(problem);
    }

    /// <summary>Tries to parse a duration string.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The duration on success.</param>
    /// <returns>Whether the text is a valid duration.</returns>
    public static bool TryParse(string text, out TimeSpan value) => TryParse(text, out value, out _);

    internal static bool TryParse(string text, out TimeSpan value, [NotNullWhen(false)] out string? problem)
    {
        value = default;
        if (!UnitValue.TrySplit(text, out var number, out var unit, out problem))
        {
            problem = $"invalid duration '{text}': {problem}; allowed units: {AllowedUnits}";
            return false;
        }

        var nanos = 1_000_000m;
        if (unit.Length > 0 && !Units.TryGetValue(unit, out nanos))
        {
            problem = $"invalid duration '{text}': unknown unit '{unit}'; allowed units (lowercase): {AllowedUnits}";
            return false;
        }

        return FromNanos(number, nanos, text, out value, out problem);
    }

    /// <summary>A bare number of milliseconds (the spec's default unit).</summary>
    internal static bool TryFromMilliseconds(decimal millis, string text, out TimeSpan value, [NotNullWhen(false)] out string? problem) =>
        FromNanos(millis, 1_000_000m, text, out value, out problem);

    private static bool FromNanos(decimal number, decimal nanosPerUnit, string text, out TimeSpan value, [NotNullWhen(false)] out string? problem)
    {
        value = default;
        problem = null;
        try
        {
            var ticks = decimal.Truncate(number * nanosPerUnit / NanosPerTick);
            if (ticks >= TimeSpan.MinValue.Ticks && ticks <= TimeSpan.MaxValue.Ticks)
            {
                value = TimeSpan.FromTicks((long)ticks);
                return true;
            }
        }
        catch (OverflowException)
        {
        }

        problem = $"invalid duration '{text}': out of range";
        return false;
    }
}
