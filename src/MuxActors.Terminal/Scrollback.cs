namespace MuxActors.Terminal;

/// <summary>
/// The lines scrolled off the top of the main screen: a ring of row arrays with a fixed
/// capacity. A row pushed in is kept as is (no copy); the row it evicts is handed back
/// for reuse, so a steady stream of scrolling allocates nothing once the ring is full.
/// </summary>
internal sealed class Scrollback
{
    private readonly Cell[][] _ring;
    private int _start;

    public Scrollback(int capacity) => _ring = new Cell[Math.Max(0, capacity)][];

    public int Capacity => _ring.Length;

    public int Count { get; private set; }

    /// <summary>Line <paramref name="index"/>, 0 being the oldest kept.</summary>
    public Cell[] this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(index));
            return _ring[(_start + index) % _ring.Length];
        }
    }

    /// <summary>Keeps <paramref name="row"/> and returns an array the caller may reuse (the evicted line, or null).</summary>
    public Cell[]? Push(Cell[] row)
    {
        if (_ring.Length == 0)
            return row;
        if (Count < _ring.Length)
        {
            _ring[(_start + Count) % _ring.Length] = row;
            Count++;
            return null;
        }
        Cell[] evicted = _ring[_start];
        _ring[_start] = row;
        _start = (_start + 1) % _ring.Length;
        return evicted;
    }

    public void Clear()
    {
        Array.Clear(_ring);
        _start = 0;
        Count = 0;
    }
}
