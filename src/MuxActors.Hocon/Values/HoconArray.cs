namespace MuxActors.Hocon;

/// <summary>An array value.</summary>
public sealed class HoconArray : HoconValue
{
    private readonly List<HoconValue> _items;

    internal HoconArray(SourcePos origin, List<HoconValue> items)
        : base(origin)
    {
        _items = items;
    }

    /// <summary>The elements, in order.</summary>
    public IReadOnlyList<HoconValue> Items => _items;

    /// <summary>The number of elements.</summary>
    public int Count => _items.Count;

    /// <inheritdoc/>
    public override string TypeName => "array";

    // Resolution state: the resolver replaces unresolved elements in place, once.
    internal bool Resolved { get; set; }

    internal bool Resolving { get; set; }

    internal int Depth { get; set; } = 1;

    internal List<HoconValue> MutableItems => _items;
}
