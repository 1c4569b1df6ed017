namespace MuxActors.Terminal;

/// <summary>
/// Collects damage as the screen changes: a dirty flag per row (in current coordinates)
/// and an ordered list of scroll moves. A scroll shifts the dirty flags with the rows it
/// moves, so "apply the moves, then redraw the dirty rows" is always correct. Too many
/// moves collapse into a full redraw.
/// </summary>
internal sealed class DamageTracker
{
    private const int MaxMoves = 16;

    private readonly bool[] _dirty;
    private readonly List<ScrollMove> _moves = new(MaxMoves);
    private bool _full;

    public DamageTracker(int rows) => _dirty = new bool[rows];

    public int Bells { get; set; }

    public void MarkRow(int row) => _dirty[row] = true;

    public void MarkRows(int from, int to)
    {
        for (int r = from; r <= to; r++)
            _dirty[r] = true;
    }

    public void MarkAll()
    {
        _full = true;
        _moves.Clear();
    }

    /// <summary>Rows <paramref name="top"/>..<paramref name="bottom"/> moved up by <paramref name="lines"/> (down if negative).</summary>
    public void Scroll(int top, int bottom, int lines)
    {
        if (_full || lines == 0)
            return;
        int height = bottom - top + 1;
        int distance = Math.Abs(lines);
        if (distance >= height)
        {
            MarkRows(top, bottom); // nothing worth copying
            return;
        }
        if (AllDirty(top, bottom))
            return; // every row is redrawn anyway: nothing to move (the usual case while output floods)
        if (_moves.Count > 0 && _moves[^1] is var last && last.Top == top && last.Bottom == bottom
            && Math.Sign(last.Lines) == Math.Sign(lines) && Math.Abs(last.Lines + lines) < height)
        {
            _moves[^1] = last with { Lines = last.Lines + lines };
        }
        else if (_moves.Count == MaxMoves)
        {
            MarkAll();
            return;
        }
        else
        {
            _moves.Add(new ScrollMove(top, bottom, lines));
        }
        if (lines > 0)
        {
            Array.Copy(_dirty, top + lines, _dirty, top, height - lines);
            _dirty.AsSpan(bottom - lines + 1, lines).Fill(true);
        }
        else
        {
            Array.Copy(_dirty, top, _dirty, top + distance, height - distance);
            _dirty.AsSpan(top, distance).Fill(true);
        }
    }

    public ScreenDamage Take(bool cursorChanged)
    {
        int[] rows;
        if (_full)
        {
            rows = new int[_dirty.Length];
            for (int r = 0; r < rows.Length; r++)
                rows[r] = r;
        }
        else
        {
            int count = 0;
            foreach (bool d in _dirty)
                count += d ? 1 : 0;
            rows = count == 0 ? [] : new int[count];
            for (int r = 0, n = 0; r < _dirty.Length; r++)
            {
                if (_dirty[r])
                    rows[n++] = r;
            }
        }
        var damage = new ScreenDamage(_full, _moves.Count == 0 ? [] : [.. _moves], rows, cursorChanged, Bells);
        Array.Clear(_dirty);
        _moves.Clear();
        _full = false;
        Bells = 0;
        return damage;
    }

    private bool AllDirty(int top, int bottom) => !_dirty.AsSpan(top, bottom - top + 1).Contains(false);
}
