using MuxActors.Terminal;
using MuxActors.Vnc.Rendering;

namespace MuxActors.Vnc.Rfb;

/// <summary>
/// What one viewer has not been sent yet, coalesced: the row moves (CopyRect) in order, then per row the span of
/// changed cells in final coordinates, and the bells (counted as the console prints them). Bounded whatever the output: a viewer that falls behind gets
/// one update for everything that changed meanwhile. Touched under the console's lock.
/// </summary>
internal sealed class PendingUpdate
{
    private const int MaxMoves = 8;
    private readonly int _cols;
    private readonly int[] _start;
    private readonly int[] _end;
    private readonly List<ScrollMove> _moves = [];

    public PendingUpdate(int cols, int rows)
    {
        _cols = cols;
        _start = new int[rows];
        _end = new int[rows];
        MarkAll();
    }

    /// <summary>Whether moves may be kept as moves (the viewer supports CopyRect).</summary>
    public bool UseMoves { get; set; }

    public int Bells { get; private set; }

    public bool HasPictureChanges => _moves.Count > 0 || Array.Exists(_end, e => e > 0);

    public void MarkAll()
    {
        _moves.Clear();
        Array.Fill(_start, 0);
        Array.Fill(_end, _cols);
    }

    public void Mark(int row, int start, int end)
    {
        if (start >= end)
            return;
        if (_end[row] == 0)
        {
            _start[row] = start;
            _end[row] = end;
            return;
        }
        _start[row] = Math.Min(_start[row], start);
        _end[row] = Math.Max(_end[row], end);
    }

    public void Add(FrameDamage damage)
    {
        foreach (ScrollMove move in damage.Moves)
            AddMove(move);
        foreach (CellSpan span in damage.Spans)
            Mark(span.Row, span.Start, span.End);
    }

    public void AddBells(int bells) => Bells = (int)Math.Min(int.MaxValue, (long)Bells + bells);

    /// <summary>Takes the picture changes pending (not the bells) and starts afresh.</summary>
    public (ScrollMove[] Moves, CellSpan[] Spans) Take()
    {
        var spans = new List<CellSpan>();
        for (int row = 0; row < _start.Length; row++)
        {
            if (_end[row] > 0)
                spans.Add(new CellSpan(row, _start[row], _end[row]));
        }
        var taken = (_moves.ToArray(), spans.ToArray());
        _moves.Clear();
        Array.Clear(_end);
        return taken;
    }

    public int TakeBells()
    {
        int bells = Bells;
        Bells = 0;
        return bells;
    }

    // Pending spans move with the rows; rows that leave the region are gone, rows uncovered are redrawn whole
    // (the renderer reports them too). Without CopyRect, or past MaxMoves, the region is simply redrawn.
    private void AddMove(ScrollMove move)
    {
        if (!UseMoves || _moves.Count == MaxMoves)
        {
            for (int row = move.Top; row <= move.Bottom; row++)
                Mark(row, 0, _cols);
            return;
        }
        _moves.Add(move);
        int lines = move.Lines, top = move.Top, bottom = move.Bottom;
        if (lines > 0)
        {
            for (int row = top; row <= bottom - lines; row++)
                (_start[row], _end[row]) = (_start[row + lines], _end[row + lines]);
            for (int row = Math.Max(top, bottom - lines + 1); row <= bottom; row++)
                (_start[row], _end[row]) = (0, _cols);
        }
        else
        {
            for (int row = bottom; row >= top - lines; row--)
                (_start[row], _end[row]) = (_start[row + lines], _end[row + lines]);
            for (int row = top; row <= Math.Min(bottom, top - lines - 1); row++)
                (_start[row], _end[row]) = (0, _cols);
        }
    }
}
