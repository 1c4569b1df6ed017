using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace MuxActors.Hocon;

/// <summary>
/// Sizes in bytes in the spec's format: a number and an optional unit (<c>64KiB</c>, <c>1MB</c>, <c>1 MiB</c>, <c>512K</c>).
/// A bare number means bytes. Powers of ten use <c>kB</c>, <c>MB</c>, ...; powers of two <c>K</c>/<c>Ki</c>/<c>KiB</c>, ...
/// </summary>
public static class HoconSize
{
    private static readonly Dictionary<string, BigInteger> Units = BuildUnits();

    /// <summary>The unit names the spec allows, for error messages.</summary>
    public static string AllowedUnits { get; } =
        "B, b, byte, bytes; powers of ten: kB, kilobyte(s), MB, megabyte(s), GB, gigabyte(s), TB, terabyte(s), PB, petabyte(s), " +
        "EB, exabyte(s), ZB, zettabyte(s), YB, yottabyte(s); powers of two: K, k, Ki, KiB, kibibyte(s), M, m, Mi, MiB, mebibyte(s), " +
        "G, g, Gi, GiB, gibibyte(s), T, t, Ti, TiB, tebibyte(s), P, p, Pi, PiB, pebibyte(s), E, e, Ei, EiB, exbibyte(s), " +
        "Z, z, Zi, ZiB, zebibyte(s), Y, y, Yi, YiB, yobibyte(s)";

    /// <summary>Parses a size such as <c>64KiB</c> or <c>1.5 MB</c>; a bare number is bytes.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The size in bytes (fractions of a byte are truncated).</returns>
    /// <exception cref="FormatException">The text is not a non-negative number with an allowed unit, or it overflows 64 bits.</exception>
    public static long Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var value, out var problem) ? value : throw new FormatException(problem);
    }

    /// <summary>Tries to parse a size.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The size in bytes on success.</param>
    /// <returns>Whether the text is a valid size.</returns>
    public static bool TryParse(string text, out long value) => TryParse(text, out value, out _);

    internal static bool TryParse(string text, out long value, [NotNullWhen(false)] out string? problem)
    {
        value = 0;
        if (!UnitValue.TrySplit(text, out var number, out var unit, out problem))
        {
            problem = $"invalid size '{text}': {problem}; allowed units: {AllowedUnits}";
            return false;
        }

        var multiplier = BigInteger.One;
        if (unit.Length > 0 && !Units.TryGetValue(unit, out multiplier))
        {
            problem = $"invalid size '{text}': unknown unit '{unit}'; allowed units: {AllowedUnits}";
            return false;
        }

        return TryScale(number, multiplier, text, out value, out problem);
    }

    internal static bool TryScale(decimal number, BigInteger multiplier, string text, out long value, [NotNullWhen(false)] out string? problem)
    {
        value = 0;
        problem = null;
        if (number < 0)
        {
            problem = $"invalid size '{text}': a size cannot be negative";
            return false;
        }

        // Exact arithmetic: decimal mantissa * multiplier / 10^scale.
        var bits = decimal.GetBits(number);
        var mantissa = (new BigInteger((uint)bits[2]) << 64) | (new BigInteger((uint)bits[1]) << 32) | new BigInteger((uint)bits[0]);
        var scale = (bits[3] >> 16) & 0xFF;
        var bytes = mantissa * multiplier / BigInteger.Pow(10, scale);
        if (bytes > long.MaxValue)
        {
            problem = $"invalid size '{text}': larger than {long.MaxValue} bytes";
            return false;
        }

        value = (long)bytes;
        return true;
    }

    private static Dictionary<string, BigInteger> BuildUnits()
    {
        var units = new Dictionary<string, BigInteger>(StringComparer.Ordinal)
        {
            ["B"] = 1, ["b"] = 1, ["byte"] = 1, ["bytes"] = 1,
        };
        string[] decimalNames = ["kilo", "mega", "giga", "tera", "peta", "exa", "zetta", "yotta"];
        string[] binaryNames = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi", "zebi", "yobi"];
        const string Letters = "KMGTPEZY";
        for (var i = 0; i < Letters.Length; i++)
        {
            var power10 = BigInteger.Pow(1000, i + 1);
            var power2 = BigInteger.Pow(1024, i + 1);
            var letter = Letters[i];
            units[(letter == 'K' ? "k" : letter.ToString()) + "B"] = power10;
            units[decimalNames[i] + "byte"] = power10;
            units[decimalNames[i] + "bytes"] = power10;
            units[letter.ToString()] = power2;
            units[char.ToLowerInvariant(letter).ToString()] = power2;
            units[letter + "i"] = power2;
            units[letter + "iB"] = power2;
            units[binaryNames[i] + "byte"] = power2;
            units[binaryNames[i] + "bytes"] = power2;
        }

        return units;
    }
}
