using System.Globalization;

namespace MuxActors.Hocon;

/// <summary>The spec's "units format": optional whitespace, a number, optional whitespace, optional unit letters.</summary>
internal static class UnitValue
{
    public static bool TrySplit(string text, out decimal number, out string unit, out string? problem)
    {
        number = 0;
        unit = string.Empty;
        problem = null;
        var s = text.AsSpan().Trim();
        var end = s.Length;
        while (end > 0 && char.IsLetter(s[end - 1]))
        {
            end--;
        }

        unit = s[end..].ToString();
        var numberPart = s[..end].TrimEnd();
        if (numberPart.IsEmpty)
        {
            problem = "expected a number, optionally followed by a unit";
            return false;
        }

        if (!NumberSyntax.IsJsonNumber(numberPart))
        {
            problem = $"'{numberPart}' is not a number";
            return false;
        }

        if (!decimal.TryParse(numberPart, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
        {
            problem = $"'{numberPart}' is out of range";
            return false;
        }

        return true;
    }
}
