namespace MuxActors.Hocon;

/// <summary>An object value: fields in the order their keys first appeared.</summary>
public sealed class HoconObject : HoconValue
{
    // Small objects are searched linearly; an index is built once they grow.
    private const int IndexThreshold = 16;

    private readonly List<KeyValuePair<string, HoconValue>> _fields;
    private Dictionary<string, int>? _index;

    internal HoconObject(SourcePos origin)
        : base(origin)
    {
        _fields = [];
    }

    internal HoconObject(SourcePos origin, int capacity)
        : base(origin)
    {
        _fields = new List<KeyValuePair<string, HoconValue>>(capacity);
    }

    /// <summary>The fields in insertion order.</summary>
    public IReadOnlyList<KeyValuePair<string, HoconValue>> Fields => _fields;

    /// <summary>The keys in insertion order.</summary>
    public IEnumerable<string> Keys => _fields.Select(f => f.Key);

    /// <summary>The number of fields.</summary>
    public int Count => _fields.Count;

    /// <inheritdoc/>
    public override string TypeName => "object";

    internal bool Resolved { get; set; }

    internal bool Resolving { get; set; }

    internal int Depth { get; set; } = 1;

    /// <summary>Gets the value of a key (a single key, not a dotted path).</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">The key is not present.</exception>
    public HoconValue this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No key '{key}' in this object.");

    /// <summary>Looks up a single key (not a dotted path; see <see cref="HoconConfig"/> for paths).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when found.</param>
    /// <returns>Whether the key is present.</returns>
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HoconValue? value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _fields[i].Value : null;
        return i >= 0;
    }

    /// <summary>Whether a single key is present.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    internal int IndexOf(string key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var i) ? i : -1;
        }

        for (var i = 0; i < _fields.Count; i++)
        {
            if (string.Equals(_fields[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    // The concrete list, so internal loops use its struct enumerator instead of a boxed one.
    internal List<KeyValuePair<string, HoconValue>> FieldList => _fields;

    internal string KeyAt(int index) => _fields[index].Key;

    internal HoconValue ValueAt(int index) => _fields[index].Value;

    internal void SetAt(int index, HoconValue value) =>
        _fields[index] = new KeyValuePair<string, HoconValue>(_fields[index].Key, value);

    internal void Add(string key, HoconValue value)
    {
        _fields.Add(new KeyValuePair<string, HoconValue>(key, value));
        if (_index is not null)
        {
            _index[key] = _fields.Count - 1;
        }
        else if (_fields.Count > IndexThreshold)
        {
            BuildIndex();
        }
    }

    /// <summary>Drops fields whose value vanished (an undefined optional substitution).</summary>
    internal void RemoveVanished()
    {
        var removed = _fields.RemoveAll(f => f.Value is HoconVanished);
        if (removed > 0 && _index is not null)
        {
            BuildIndex();
        }
    }

    private void BuildIndex()
    {
        _index = new Dictionary<string, int>(_fields.Count * 2, StringComparer.Ordinal);
        for (var i = 0; i < _fields.Count; i++)
        {
            _index[_fields[i].Key] = i;
        }
    }
}
