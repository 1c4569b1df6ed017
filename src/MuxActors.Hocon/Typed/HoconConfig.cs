using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MuxActors.Hocon;

/// <summary>
/// A typed view of a resolved tree, addressed by path expressions (<c>a.b."c.d"</c>). Every getter that
/// fails throws a <see cref="HoconException"/> naming the full key path, where the value was written
/// (<c>file:line:col</c>) and what was expected or allowed.
/// </summary>
public sealed class HoconConfig
{
    private readonly string[] _prefix;

    /// <summary>Wraps a resolved root object.</summary>
    /// <param name="root">The object, usually from <see cref="HoconParser"/>.</param>
    public HoconConfig(HoconObject root)
        : this(root, [])
    {
    }

    private HoconConfig(HoconObject root, string[] prefix)
    {
        ArgumentNullException.ThrowIfNull(root);
        Root = root;
        _prefix = prefix;
    }

    /// <summary>The object this view reads from.</summary>
    public HoconObject Root { get; }

    /// <summary>The path of <see cref="Root"/> in the configuration it came from (empty for the top).</summary>
    public string PathPrefix => HoconPath.Render(_prefix);

    /// <summary>Parses and resolves a file into a config.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Parse options.</param>
    /// <returns>The config.</returns>
    public static HoconConfig FromFile(string path, HoconParseOptions? options = null) => new(HoconParser.ParseFile(path, options));

    /// <summary>Parses and resolves a string into a config.</summary>
    /// <param name="text">HOCON text.</param>
    /// <param name="originName">Name used in origins and errors.</param>
    /// <param name="options">Parse options.</param>
    /// <returns>The config.</returns>
    public static HoconConfig FromString(string text, string? originName = null, HoconParseOptions? options = null) =>
        new(HoconParser.ParseString(text, originName, options));

    /// <summary>Whether the path exists and is not null (the spec's convention).</summary>
    /// <param name="path">A path expression.</param>
    /// <returns><see langword="true"/> when a non-null value is there.</returns>
    public bool HasPath(string path) => GetValue(path) is { } v && v is not HoconScalar { IsNull: true };

    /// <summary>Whether the path exists, even if its value is null.</summary>
    /// <param name="path">A path expression.</param>
    /// <returns><see langword="true"/> when any value is there.</returns>
    public bool HasPathOrNull(string path) => GetValue(path) is not null;

    /// <summary>The value at a path, or null when absent (a null value is returned as a null <see cref="HoconScalar"/>).</summary>
    /// <param name="path">A path expression.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    /// <exception cref="HoconException">The path expression is malformed.</exception>
    public HoconValue? GetValue(string path) => Find(HoconPath.Parse(path), out _);

    /// <summary>A string (numbers and booleans are converted to their text).</summary>
    /// <param name="path">A path expression.</param>
    /// <returns>The string.</returns>
    public string GetString(string path) => Scalar(path, "a string").Text;

    /// <summary>A string, or <paramref name="defaultValue"/> when the path is absent or null.</summary>
    /// <param name="path">A path expression.</param>
    /// <param name="defaultValue">Returned when absent.</param>
    /// <returns>The string.</returns>
    public string GetString(string path, string defaultValue) => HasPath(path) ? GetString(path) : defaultValue;

    /// <summary>A whole number in the 32-bit range (numbers or numeric strings).</summary>
    /// <param name="path">A path expression.</param>
    /// <returns>The number.</returns>
    public int GetInt32(string path)
    {
        var s = Scalar(path, "a whole number (32-bit)");
        return s.TryGetInt32(out var v) ? v : throw WrongType(path, s, $"a whole number between {int.MinValue} and {int.MaxValue}");
    }

    /// <summary>A 32-bit whole number, or <paramref name="defaultValue"/> when absent or null.</summary>
    /// <param name="path">A path expression.</param>
    /// <param name="defaultValue">Returned when absent.</param>
    /// <returns>The number.</returns>
    public int GetInt32(string path, int defaultValue) => HasPath(path) ? GetInt32(path) : defaultValue;

    /// <summary>A whole number in the 64-bit range (numbers or numeric strings).</summary>
    /// <param name="path">A path expression.</param>
    /// <returns>The number.</returns>
    public long GetInt64(string path)
    {
        var s = Scalar(path, "a whole number (64-bit)");
        return s.TryGetInt64(out var v) ? v : throw WrongType(path, s, $"a whole number between {long.MinValue} and {long.MaxValue}");
    }

    /// <summary>A 64-bit whole number, or <paramref name="defaultValue"/> when absent or null.</summary>
    /// <param name="path">A path expression.</param>
    /// <param name="defaultValue">Returned when absent.</param>
    /// <returns>The number.</returns>
    public long GetInt64(string path, long defaultValue) => HasPath(path) ? GetInt64(path) : defaultValue;

    /// <summary>A floating-point number (numbers or numeric strings).</summary>
    /// <param name="path">A path expression.</param>
    /// <returns>The number.</returns>
    public double GetDouble(string path)
    {
        var s = Scalar(path, "a number");
        return s.TryGetDouble(out var v) ? v : throw WrongType(path, s, "a number");
    }

    /// <summary>A boolean: <c>true</c>/<c>false</c>, or the strings <c>yes</c>, <c>no</c>, <c>on</c>, <c>off</c>, <c>true</c>, <c>false</c>.</summary>
    /// <param name="path">A path expression.</param>
    /// <returns>The boolean.</returns>
    public bool GetBoolean(string path)
    {
        var s = Scalar(path, "a boolean");
        return s.TryGetBoolean(out var v) ? v : throw WrongType(path, s, "a boolean (allowed: true, false, yes, no, on, off)");
    }

    /// <summary>A boolean, or <paramref name="defaultValue"/> when absent or null.</summary>
    /// <param name="path">A path expression.</param>
    /// <param name="defaultValue">Returned when absent.</param>
    /// <returns>The boolean.</returns>
    public bool GetBoolean(string path, bool defaultValue) => HasPath(path) ? GetBoolean(path) : defaultValue;

    /// <summary>A duration: a number of milliseconds, or a string such as <c>500ms</c>, <c>1s</c>, <c>2 minutes</c>.</summary>
    /// <param name="path">A path expression.</param>
    /// <returns>The duration.</returns>
    public TimeSpan GetDuration(string path)
    {
        var s = Scalar(path, "a duration");
        string? problem = null;
        if (s.Kind == HoconScalarKind.Number)
        {
            // A bare number is milliseconds (the spec's default unit).
            if (s.TryGetDecimal(out var ms) && HoconDuration.TryFromMilliseconds(ms, s.Text, out var fromNumber, out problem))
            {
                return fromNumber;
            }
        }
        else if (s.Kind == HoconScalarKind.String && HoconDuration.TryParse(s.Text, out var value, out problem))
        {
            return value;
        }

        throw Fail(path, s, problem ?? $"expected a duration, found {Concatenator.Article(s)}; allowed units: {HoconDuration.AllowedUnits}");
    }

    /// <summary>A duration, or <paramref name="defaultValue"/> when absent or null.</summary>
    /// <param name="path">A path expression.</param>
    /// <param name="defaultValue">Returned when absent.</param>
    /// <returns>The duration.</returns>
    public TimeSpan GetDuration(string path, TimeSpan defaultValue) => HasPath(path) ? GetDuration(path) : defaultValue;

    /// <summary>A size in bytes: a number of bytes, or a string such as <c>64KiB</c>, <c>1MB</c>, <c>1 MiB</c>.</summary>
    /// <param name="path">A path expression.</param>
    /// <returns>The size in bytes.</returns>
    public long GetBytes(string path)
    {
        var s = Scalar(path, "a size in bytes");
        string? problem = null;
        if (s.Kind == HoconScalarKind.Number)
        {
            if (s.TryGetDecimal(out var n) && HoconSize.TryScale(n, System.Numerics.BigInteger.One, s.Text, out var bytes, out problem))
            {
                return bytes;
            }
        }
        else if (s.Kind == HoconScalarKind.String)
        {
            if (HoconSize.TryParse(s.Text, out var value, out problem))
            {
                return value;
            }
        }

        throw Fail(path, s, problem ?? $"expected a size in bytes, found {Concatenator.Article(s)}; allowed units: {HoconSize.AllowedUnits}");
    }

    /// <summary>A size in bytes, or <paramref name="defaultValue"/> when absent or null.</summary>
    /// <param name="path">A path expression.</param>
    /// <param name="defaultValue">Returned when absent.</param>
    /// <returns>The size in bytes.</returns>
    public long GetBytes(string path, long defaultValue) => HasPath(path) ? GetBytes(path) : defaultValue;

    /// <summary>A string that must be one of <paramref name="allowed"/> (compared exactly).</summary>
    /// <param name="path">A path expression.</param>
    /// <param name="allowed">The allowed values.</param>
    /// <returns>The value.</returns>
    public string GetOneOf(string path, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var s = Scalar(path, "one of: " + string.Join(", ", allowed));
        if (s.Kind != HoconScalarKind.Null && Array.IndexOf(allowed, s.Text) >= 0)
        {
            return s.Text;
        }

        throw Fail(path, s, $"'{s.Text}' is not an allowed value; allowed values: {string.Join(", ", allowed)}");
    }

    /// <summary>
    /// An enum member by name, ignoring case and the '-' and '_' separators (so <c>round-robin</c> reads <c>RoundRobin</c>).
    /// </summary>
    /// <typeparam name="TEnum">The enum type.</typeparam>
    /// <param name="path">A path expression.</param>
    /// <returns>The member.</returns>
    public TEnum GetEnum<TEnum>(string path)
        where TEnum : struct, Enum
    {
        var names = Enum.GetNames<TEnum>();
        var s = Scalar(path, "one of: " + string.Join(", ", names));
        var wanted = Normalize(s.Text);
        foreach (var name in names)
        {
            if (string.Equals(Normalize(name), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return Enum.Parse<TEnum>(name);
            }
        }

        throw Fail(path, s, $"'{s.Text}' is not an allowed value; allowed values: {string.Join(", ", names)}");

        static string Normalize(string text) => text.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
    }

    /// <summary>An array whose elements are all simple values, as strings.</summary>
    /// <param name="path">A path expression.</param>
    /// <returns>The strings.</returns>
    public IReadOnlyList<string> GetStringList(string path)
    {
        var array = GetArray(path);
        var result = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array.Items[i] is not HoconScalar { IsNull: false } s)
            {
                var item = array.Items[i];
                throw new HoconException(item.Origin, Full(path),
                    $"element {i} of '{Full(path)}' must be a string, but it is {Concatenator.Article(item)}");
            }

            result.Add(s.Text);
        }

        return result;
    }

    /// <summary>The array at a path.</summary>
    /// <param name="path">A path expression.</param>
    /// <returns>The array.</returns>
    public HoconArray GetArray(string path) =>
        Require(path, "an array") is HoconArray a ? a : throw WrongType(path, Require(path, "an array"), "an array");

    /// <summary>The object at a path.</summary>
    /// <param name="path">A path expression.</param>
    /// <returns>The object.</returns>
    public HoconObject GetObject(string path) =>
        Require(path, "an object") is HoconObject o ? o : throw WrongType(path, Require(path, "an object"), "an object");

    /// <summary>A view of the object at a path; its errors still name full paths.</summary>
    /// <param name="path">A path expression.</param>
    /// <returns>The sub-config.</returns>
    public HoconConfig GetConfig(string path) => new(GetObject(path), [.. _prefix, .. HoconPath.Parse(path)]);

    /// <summary>Tries to read the value at a path.</summary>
    /// <param name="path">A path expression.</param>
    /// <param name="value">The value, when present and not null.</param>
    /// <returns>Whether a non-null value is present.</returns>
    public bool TryGetValue(string path, [NotNullWhen(true)] out HoconValue? value)
    {
        value = GetValue(path);
        if (value is HoconScalar { IsNull: true })
        {
            value = null;
        }

        return value is not null;
    }

    private HoconValue? Find(string[] elements, out HoconValue nearest)
    {
        HoconValue current = Root;
        nearest = Root;
        foreach (var key in elements)
        {
            if (current is not HoconObject o || !o.TryGetValue(key, out var next))
            {
                return null;
            }

            current = next;
            nearest = next;
        }

        return current;
    }

    private HoconValue Require(string path, string expected)
    {
        var value = Find(HoconPath.Parse(path), out var nearest);
        if (value is null)
        {
            throw new HoconException(nearest.Origin, Full(path), $"missing key '{Full(path)}': expected {expected}");
        }

        if (value is HoconScalar { IsNull: true })
        {
            throw new HoconException(value.Origin, Full(path), $"key '{Full(path)}' is null: expected {expected}");
        }

        return value;
    }

    private HoconScalar Scalar(string path, string expected)
    {
        var value = Require(path, expected);
        return value as HoconScalar ?? throw WrongType(path, value, expected);
    }

    private string Full(string path) => _prefix.Length == 0 ? path : HoconPath.Render(_prefix) + "." + path;

    private HoconException WrongType(string path, HoconValue value, string expected)
    {
        var shown = value is HoconScalar s ? $" {Quote(s)}" : string.Empty;
        return new HoconException(value.Origin, Full(path),
            $"key '{Full(path)}' must be {expected}, but it is {Concatenator.Article(value)}{shown}");
    }

    private HoconException Fail(string path, HoconValue value, string problem) =>
        new(value.Origin, Full(path), $"key '{Full(path)}': {problem}");

    private static string Quote(HoconScalar s) =>
        s.Kind == HoconScalarKind.String ? "\"" + s.Text + "\"" : s.Text.ToString(CultureInfo.InvariantCulture);
}
