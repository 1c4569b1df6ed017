namespace MuxActors.Hocon;

/// <summary>
/// Per-document cache of key strings, looked up by span so a repeated key ("name", "port", ...) is
/// allocated once. Bounded, so a document of unique keys cannot grow it without limit.
/// </summary>
internal sealed class KeyCache
{
    private const int MaxEntries = 4096;
    private const int MaxKeyLength = 64;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public KeyCache()
    {
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Get(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxKeyLength)
        {
            return text.ToString();
        }

        if (_lookup.TryGetValue(text, out var cached))
        {
            return cached;
        }

        var s = text.ToString();
        if (_strings.Count < MaxEntries)
        {
            _strings[s] = s;
        }

        return s;
    }
}
