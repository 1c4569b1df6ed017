using System.Globalization;

namespace MuxActors.Hocon;

/// <summary>The kind of a <see cref="HoconScalar"/>.</summary>
public enum HoconScalarKind
{
    /// <summary>A quoted, unquoted, triple-quoted or concatenated string.</summary>
    String,

    /// <summary>A number, kept as written.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary><c>null</c>.</summary>
    Null,
}

/// <summary>A simple value: string, number, boolean or null.</summary>
public sealed class HoconScalar : HoconValue
{
    internal HoconScalar(SourcePos origin, HoconScalarKind kind, string text)
        : base(origin)
    {
        Kind = kind;
        Text = text;
    }

    /// <summary>What kind of scalar this is.</summary>
    public HoconScalarKind Kind { get; }

    /// <summary>
    /// The raw text: the string itself, the number as written in the file, <c>true</c>/<c>false</c>, or <c>null</c>.
    /// </summary>
    public string Text { get; }

    /// <summary>Whether this is the <c>null</c> value.</summary>
    public bool IsNull => Kind == HoconScalarKind.Null;

    /// <inheritdoc/>
    public override string TypeName => Kind switch
    {
        HoconScalarKind.String => "string",
        HoconScalarKind.Number => "number",
        HoconScalarKind.Boolean => "boolean",
        _ => "null",
    };

    /// <summary>The value as a string (numbers as written, booleans as <c>true</c>/<c>false</c>); <see langword="null"/> for null.</summary>
    /// <returns>The string, or <see langword="null"/>.</returns>
    public string? AsString() => IsNull ? null : Text;

    /// <summary>
    /// Reads a boolean: a boolean value, or one of the strings <c>true</c>, <c>yes</c>, <c>on</c>,
    /// <c>false</c>, <c>no</c>, <c>off</c> (the spec's automatic conversion).
    /// </summary>
    /// <param name="value">The boolean, when this returns <see langword="true"/>.</param>
    /// <returns>Whether the value is a boolean or one of the six boolean words.</returns>
    public bool TryGetBoolean(out bool value)
    {
        value = false;
        if (Kind is not (HoconScalarKind.Boolean or HoconScalarKind.String))
        {
            return false;
        }

        switch (Text)
        {
            case "true" or "yes" or "on":
                value = true;
                return true;
            case "false" or "no" or "off":
                return true;
            default:
                return false;
        }
    }

    /// <summary>Reads a whole number that fits in 64 bits, from a number or a string holding a JSON number.</summary>
    /// <param name="value">The number, when this returns <see langword="true"/>.</param>
    /// <returns>Whether the value is an integral number in range.</returns>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        if (!TryGetDecimal(out var d) || d != decimal.Truncate(d) || d < long.MinValue || d > long.MaxValue)
        {
            return false;
        }

        value = (long)d;
        return true;
    }

    /// <summary>Reads a whole number that fits in 32 bits, from a number or a string holding a JSON number.</summary>
    /// <param name="value">The number, when this returns <see langword="true"/>.</param>
    /// <returns>Whether the value is an integral number in range.</returns>
    public bool TryGetInt32(out int value)
    {
        value = 0;
        if (!TryGetInt64(out var l) || l < int.MinValue || l > int.MaxValue)
        {
            return false;
        }

        value = (int)l;
        return true;
    }

    /// <summary>Reads a number as a decimal, from a number or a string holding a JSON number.</summary>
    /// <param name="value">The number, when this returns <see langword="true"/>.</param>
    /// <returns>Whether the value is a number representable as a decimal.</returns>
    public bool TryGetDecimal(out decimal value)
    {
        value = 0;
        return Kind is HoconScalarKind.Number or HoconScalarKind.String
            && NumberSyntax.IsJsonNumber(Text.AsSpan().Trim())
            && decimal.TryParse(Text.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Reads a number as a double, from a number or a string holding a JSON number.</summary>
    /// <param name="value">The number, when this returns <see langword="true"/>.</param>
    /// <returns>Whether the value is a finite number.</returns>
    public bool TryGetDouble(out double value)
    {
        value = 0;
        return Kind is HoconScalarKind.Number or HoconScalarKind.String
            && NumberSyntax.IsJsonNumber(Text.AsSpan().Trim())
            && double.TryParse(Text.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    internal static HoconScalar String(SourcePos origin, string text) => new(origin, HoconScalarKind.String, text);

    internal static HoconScalar Number(SourcePos origin, string text) => new(origin, HoconScalarKind.Number, text);

    internal static HoconScalar Boolean(SourcePos origin, bool value) =>
        new(origin, HoconScalarKind.Boolean, value ? "true" : "false");

    internal static HoconScalar Null(SourcePos origin) => new(origin, HoconScalarKind.Null, "null");
}
