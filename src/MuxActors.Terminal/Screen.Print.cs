namespace MuxActors.Terminal;

public sealed partial class Screen
{
    /// <inheritdoc/>
    void IVtHandler.Print(int codePoint) => Print(codePoint);

    /// <inheritdoc/>
    void IVtHandler.PrintAscii(ReadOnlySpan<byte> text)
    {
        if (InsertMode || _charsets.MappingActive)
        {
            foreach (byte b in text)
                Print(b);
            return;
        }
        // The hot path: whole runs of ASCII written straight into the row.
        int i = 0;
        while (i < text.Length)
        {
            if (_wrapPending)
                WrapToNextLine();
            int start = _col;
            int n = Math.Min(Cols - start, text.Length - i);
            Cell[] line = _buffer.ForPrint(_row, start, start + n);
            CellStyle pen = _pen;
            Cell.WriteAscii(line.AsSpan(start, n), text.Slice(i, n), pen);
            i += n;
            int end = start + n;
            if (end < Cols)
            {
                _col = end;
            }
            else
            {
                _col = Cols - 1;
                if (AutoWrap)
                {
                    _wrapPending = true;
                }
                else if (i < text.Length)
                {
                    // Without autowrap the rest overwrites the last column: the last one wins.
                    line[Cols - 1] = new Cell(text[^1], 1, pen);
                    i = text.Length;
                }
            }
            _buffer.RepairEdges(line, start, end, pen);
            _damage.MarkRow(_row);
        }
        _lastPrinted = text[^1];
    }

    private void Print(int codePoint)
    {
        codePoint = _charsets.Map(codePoint);
        int width = CharWidth.Of(codePoint);
        if (width == 0)
            return; // combining marks and joiners: only the base code point is kept
        if (_wrapPending)
            WrapToNextLine();
        if (width == 2 && _col == Cols - 1)
        {
            if (AutoWrap)
                WrapToNextLine(); // no room for both halves: xterm moves the whole character
            else
                _col = Cols - 2;
        }
        Cell[] line = _buffer[_row];
        if (InsertMode)
            _buffer.InsertCells(_row, _col, width, EraseStyle);
        line[_col] = new Cell(codePoint, width, _pen);
        if (width == 2)
            line[_col + 1] = Cell.Continuation(_pen);
        _buffer.RepairEdges(line, _col, _col + width, _pen);
        _damage.MarkRow(_row);
        _lastPrinted = codePoint;
        if (_col + width < Cols)
        {
            _col += width;
        }
        else
        {
            _col = Cols - 1;
            _wrapPending = AutoWrap;
        }
    }

    /// <summary>REP (CSI b): the character printed just before, again, at most a screenful.</summary>
    private void RepeatLastPrinted(int count)
    {
        if (_lastPrinted == 0)
            return;
        int c = _lastPrinted;
        count = Math.Min(count, Cols * Rows);
        var saved = _charsets;
        _charsets = default; // already mapped when first printed
        for (int i = 0; i < count; i++)
            Print(c);
        _charsets = saved;
    }

    /// <summary>The deferred wrap: carriage return and index, taken when the next character arrives.</summary>
    private void WrapToNextLine()
    {
        _wrapPending = false;
        _col = 0;
        Index();
    }
}
