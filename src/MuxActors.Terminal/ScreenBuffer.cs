namespace MuxActors.Terminal;

/// <summary>
/// A grid of cells, one array per row so that scrolling moves row references instead of
/// cells. Editing operations keep wide characters whole: a lead or continuation cell that
/// loses its other half becomes a blank in the style of the operation that split it (the
/// pen when printing, the erase style otherwise), as xterm.js does.
/// </summary>
/// <remarks>
/// A row that scrolling or a whole-row erase blanks is only marked blank (with its erase style) and filled when it
/// is next read; printing into it fills only the cells it does not write. While output floods, each new line is
/// written over at once, so filling it first doubled the stores of the print path.
/// </remarks>
internal sealed class ScreenBuffer
{
    private readonly Cell[][] _lines;
    private readonly CellStyle?[] _blank;   // per row: blank in this style, not yet filled

    public ScreenBuffer(int cols, int rows)
    {
        Cols = cols;
        Rows = rows;
        _lines = new Cell[rows][];
        _blank = new CellStyle?[rows];
        for (int r = 0; r < rows; r++)
        {
            _lines[r] = new Cell[cols];
            _lines[r].AsSpan().Fill(Cell.Blank(CellStyle.Default));
        }
    }

    public int Cols { get; }

    public int Rows { get; }

    public Cell[] this[int row]
    {
        get
        {
            Cell[] line = _lines[row];
            if (_blank[row] is { } style)
            {
                line.AsSpan().Fill(Cell.Blank(style));
                _blank[row] = null;
            }
            return line;
        }
    }

    /// <summary>Row <paramref name="row"/> for printing into columns [<paramref name="from"/>, <paramref name="to"/>): a pending blank is filled only around them.</summary>
    public Cell[] ForPrint(int row, int from, int to)
    {
        Cell[] line = _lines[row];
        if (_blank[row] is { } style)
        {
            Cell blank = Cell.Blank(style);
            line.AsSpan(0, from).Fill(blank);
            line.AsSpan(to).Fill(blank);
            _blank[row] = null;
        }
        return line;
    }

    /// <summary>
    /// Moves rows <paramref name="top"/>..<paramref name="bottom"/> up by <paramref name="count"/>
    /// and blanks the rows uncovered at the bottom. Rows leaving the top go to
    /// <paramref name="scrollback"/> when given.
    /// </summary>
    public void ScrollUp(int top, int bottom, int count, CellStyle erase, Scrollback? scrollback)
    {
        // One line at a time: the usual count is 1, and this way nothing is allocated.
        count = Math.Min(count, bottom - top + 1);
        for (int i = 0; i < count; i++)
        {
            Cell[] reused = scrollback is not { Capacity: > 0 } ? _lines[top] : scrollback.Push(this[top]) ?? new Cell[Cols];
            Array.Copy(_lines, top + 1, _lines, top, bottom - top);
            Array.Copy(_blank, top + 1, _blank, top, bottom - top);
            _lines[bottom] = reused;
            _blank[bottom] = erase;
        }
    }

    /// <summary>Moves rows <paramref name="top"/>..<paramref name="bottom"/> down by <paramref name="count"/>, blanking the top.</summary>
    public void ScrollDown(int top, int bottom, int count, CellStyle erase)
    {
        count = Math.Min(count, bottom - top + 1);
        for (int i = 0; i < count; i++)
        {
            Cell[] reused = _lines[bottom];
            Array.Copy(_lines, top, _lines, top + 1, bottom - top);
            Array.Copy(_blank, top, _blank, top + 1, bottom - top);
            _lines[top] = reused;
            _blank[top] = erase;
        }
    }

    /// <summary>Blanks columns <paramref name="from"/>..<paramref name="to"/> (exclusive) of <paramref name="row"/>.</summary>
    public void Erase(int row, int from, int to, CellStyle erase)
    {
        if (from >= to)
            return;
        if (from == 0 && to == Cols)
        {
            _blank[row] = erase;   // a whole row: nothing of it is left to repair
            return;
        }
        Cell[] line = this[row];
        line.AsSpan(from, to - from).Fill(Cell.Blank(erase));
        RepairEdges(line, from, to, erase);
    }

    /// <summary>Inserts <paramref name="count"/> blanks at <paramref name="col"/>, dropping cells pushed past the edge.</summary>
    public void InsertCells(int row, int col, int count, CellStyle erase)
    {
        Cell[] line = this[row];
        count = Math.Min(count, Cols - col);
        Array.Copy(line, col, line, col + count, Cols - col - count);
        line.AsSpan(col, count).Fill(Cell.Blank(erase));
        RepairEdges(line, col, col + count, erase);
        RepairBoundary(line, Cols, erase);
    }

    /// <summary>Deletes <paramref name="count"/> cells at <paramref name="col"/>, pulling the rest left and blanking the end.</summary>
    public void DeleteCells(int row, int col, int count, CellStyle erase)
    {
        Cell[] line = this[row];
        count = Math.Min(count, Cols - col);
        Array.Copy(line, col + count, line, col, Cols - col - count);
        line.AsSpan(Cols - count, count).Fill(Cell.Blank(erase));
        RepairEdges(line, col, Cols - count, erase);
    }

    public void Fill(Cell cell)
    {
        foreach (Cell[] line in _lines)
            line.AsSpan().Fill(cell);
        Array.Clear(_blank);
    }

    /// <summary>
    /// After cells [from, to) of <paramref name="line"/> were replaced, blanks any wide
    /// character half that lost its other half at either edge, in <paramref name="blank"/>.
    /// </summary>
    public void RepairEdges(Cell[] line, int from, int to, CellStyle blank)
    {
        RepairBoundary(line, from, blank);
        if (to != from)
            RepairBoundary(line, to, blank);
    }

    /// <summary>Checks the boundary just left of column <paramref name="col"/> (0..Cols).</summary>
    private void RepairBoundary(Cell[] line, int col, CellStyle blank)
    {
        if (col < Cols && line[col].Width == 0 && (col == 0 || line[col - 1].Width != 2))
            line[col] = Cell.Blank(blank);
        if (col > 0 && line[col - 1].Width == 2 && (col == Cols || line[col].Width != 0))
            line[col - 1] = Cell.Blank(blank);
    }
}
