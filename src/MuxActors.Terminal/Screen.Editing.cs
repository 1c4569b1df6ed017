namespace MuxActors.Terminal;

public sealed partial class Screen
{
    /// <summary>ED: 0 cursor to end, 1 start to cursor, 2 whole screen, 3 the scrollback only (xterm).</summary>
    private void EraseInDisplay(int mode)
    {
        _wrapPending = false;
        CellStyle erase = EraseStyle;
        switch (mode)
        {
            case 0:
                _buffer.Erase(_row, _col, Cols, erase);
                for (int r = _row + 1; r < Rows; r++)
                    _buffer.Erase(r, 0, Cols, erase);
                _damage.MarkRows(_row, Rows - 1);
                break;
            case 1:
                for (int r = 0; r < _row; r++)
                    _buffer.Erase(r, 0, Cols, erase);
                _buffer.Erase(_row, 0, _col + 1, erase);
                _damage.MarkRows(0, _row);
                break;
            case 2:
                for (int r = 0; r < Rows; r++)
                    _buffer.Erase(r, 0, Cols, erase);
                _damage.MarkRows(0, Rows - 1);
                break;
            case 3:
                _scrollback.Clear();
                break;
            default:
                break;
        }
    }

    /// <summary>EL: 0 cursor to end of line, 1 start to cursor, 2 whole line.</summary>
    private void EraseInLine(int mode)
    {
        _wrapPending = false;
        (int from, int to) = mode switch
        {
            0 => (_col, Cols),
            1 => (0, _col + 1),
            2 => (0, Cols),
            _ => (0, 0),
        };
        _buffer.Erase(_row, from, to, EraseStyle);
        _damage.MarkRow(_row);
    }

    /// <summary>ECH: blanks <paramref name="n"/> cells from the cursor without moving it.</summary>
    private void EraseCharacters(int n)
    {
        _wrapPending = false;
        _buffer.Erase(_row, _col, Math.Min(Cols, _col + n), EraseStyle);
        _damage.MarkRow(_row);
    }

    /// <summary>ICH / DCH at the cursor.</summary>
    private void EditCells(bool insert, int n)
    {
        _wrapPending = false;
        if (insert)
            _buffer.InsertCells(_row, _col, n, EraseStyle);
        else
            _buffer.DeleteCells(_row, _col, n, EraseStyle);
        _damage.MarkRow(_row);
    }

    /// <summary>IL / DL: the rows from the cursor to the bottom margin move; ignored outside the region.</summary>
    private void EditLines(bool insert, int n)
    {
        if (_row < _top || _row > _bottom)
            return;
        _wrapPending = false;
        n = Math.Min(n, _bottom - _row + 1);
        if (insert)
            _buffer.ScrollDown(_row, _bottom, n, EraseStyle);
        else
            _buffer.ScrollUp(_row, _bottom, n, EraseStyle, scrollback: null);
        _damage.Scroll(_row, _bottom, insert ? -n : n);
        _col = 0;
    }

    /// <summary>
    /// Scrolls the region up (IND at the bottom margin, SU). Lines leave for the scrollback
    /// only from the main screen with a full-screen region.
    /// </summary>
    private void ScrollRegionUp(int n)
    {
        n = Math.Min(n, _bottom - _top + 1);
        bool keep = !AlternateScreen && _top == 0 && _bottom == Rows - 1;
        _buffer.ScrollUp(_top, _bottom, n, EraseStyle, keep ? _scrollback : null);
        _damage.Scroll(_top, _bottom, n);
    }

    /// <summary>Scrolls the region down (RI at the top margin, SD).</summary>
    private void ScrollRegionDown(int n)
    {
        n = Math.Min(n, _bottom - _top + 1);
        _buffer.ScrollDown(_top, _bottom, n, EraseStyle);
        _damage.Scroll(_top, _bottom, -n);
    }
}
