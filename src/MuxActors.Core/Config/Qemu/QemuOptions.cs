using System.Text;

namespace MuxActors.Core.Config.Qemu;

/// <summary>
/// One QEMU option string as <c>-chardev</c> takes it: <c>BACKEND,key=value,...</c>. The first element names the
/// backend (or <c>backend=NAME</c> anywhere); <c>,,</c> is a literal comma; a later key wins over an earlier one, as
/// in QemuOpts. A key written without <c>=</c> is QEMU's short form of <c>key=on</c>.
/// </summary>
public sealed class QemuOptions
{
    private readonly List<KeyValuePair<string, string>> _pairs;

    private QemuOptions(string text, string backend, List<KeyValuePair<string, string>> pairs)
    {
        Text = text;
        Backend = backend;
        _pairs = pairs;
    }

    /// <summary>The option string as written.</summary>
    public string Text { get; }

    /// <summary>The backend name (<c>socket</c>, <c>hub</c>...).</summary>
    public string Backend { get; }

    /// <summary>The <c>key=value</c> pairs in the order written (escapes undone), without the backend.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    /// <summary>The keys written, each once, in the order first written.</summary>
    public IEnumerable<string> Keys => _pairs.Select(p => p.Key).Distinct(StringComparer.Ordinal);

    /// <summary>The <c>id</c>, or <c>null</c>.</summary>
    public string? Id => Get("id");

    /// <summary>The last value written for <paramref name="key"/>, or <c>null</c>.</summary>
    public string? Get(string key)
    {
        for (var i = _pairs.Count - 1; i >= 0; i--)
        {
            if (_pairs[i].Key == key)
                return _pairs[i].Value;
        }
        return null;
    }

    /// <summary>Whether <paramref name="key"/> was written.</summary>
    public bool Has(string key) => Get(key) is not null;

    /// <summary>
    /// Reads <paramref name="key"/> as a QEMU boolean (<c>on/off</c>, <c>yes/no</c>, <c>true/false</c>);
    /// <paramref name="fallback"/> when absent.
    /// </summary>
    /// <exception cref="QemuOptionException">The value is not a boolean.</exception>
    public bool GetBool(string key, bool fallback) => Get(key) switch
    {
        null => fallback,
        "on" or "yes" or "true" => true,
        "off" or "no" or "false" => false,
        _ => throw new QemuOptionException($"Parameter '{key}' expects 'on' or 'off'", key),
    };

    /// <summary>Reads <paramref name="key"/> as a non-negative integer, or <c>null</c> when absent.</summary>
    /// <exception cref="QemuOptionException">The value is not a number.</exception>
    public ulong? GetNumber(string key) => Get(key) switch
    {
        null => null,
        var text when text.Length > 0 && text.All(char.IsAsciiDigit) && ulong.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
        _ => throw new QemuOptionException($"Parameter '{key}' expects a number", key),
    };

    /// <summary>Parses an option string.</summary>
    /// <exception cref="QemuOptionException">The string is empty or names no backend.</exception>
    public static QemuOptions Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pairs = new List<KeyValuePair<string, string>>();
        string? backend = null;
        var first = true;
        foreach (var element in SplitElements(text))
        {
            var equals = element.Key;
            if (first && equals is null)
                backend = element.Value;
            else if (element.Value.Length > 0 || equals is not null)
                pairs.Add(equals is null ? new(element.Value, "on") : new(equals, element.Value));
            first = false;
        }
        backend ??= pairs.LastOrDefault(p => p.Key == "backend").Value;
        pairs.RemoveAll(p => p.Key == "backend");
        if (string.IsNullOrEmpty(backend))
            throw new QemuOptionException("Parameter 'backend' is missing", "backend");
        return new QemuOptions(text, backend, pairs);
    }

    /// <summary>Writes <paramref name="value"/> for an option string: every comma doubled.</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace(",", ",,", StringComparison.Ordinal);
    }

    /// <summary>Splits at single commas; <c>,,</c> stays a comma. Key is the text before the first '=', or null.</summary>
    private static IEnumerable<KeyValuePair<string?, string>> SplitElements(string text)
    {
        var current = new StringBuilder();
        string? key = null;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] == ',' && i + 1 < text.Length && text[i + 1] == ',')
            {
                current.Append(',');
                i++;
            }
            else if (i == text.Length || text[i] == ',')
            {
                yield return new(key, current.ToString());
                current.Clear();
                key = null;
            }
            else if (text[i] == '=' && key is null)
            {
                key = current.ToString();
                current.Clear();
            }
            else
            {
                current.Append(text[i]);
            }
        }
    }
}

/// <summary>A QEMU option string was rejected; the message is QEMU's wording.</summary>
public sealed class QemuOptionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public QemuOptionException(string message, string? key) : base(message) => Key = key;

    /// <summary>Creates the exception.</summary>
    public QemuOptionException() : this("invalid option string", key: null) { }

    /// <summary>Creates the exception.</summary>
    public QemuOptionException(string message) : this(message, key: null) { }

    /// <summary>Creates the exception.</summary>
    public QemuOptionException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The offending key, when there is one.</summary>
    public string? Key { get; }
}
