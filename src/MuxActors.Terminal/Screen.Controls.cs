using System.Globalization;

namespace MuxActors.Terminal;

public sealed partial class Screen
{
    /// <inheritdoc/>
    void IVtHandler.Execute(int control)
    {
        _lastPrinted = 0; // REP repeats only a character printed just before it
        switch (control)
        {
            case 0x07: // BEL
                BellCount++;
                _damage.Bells++;
                break;
            case 0x08: // BS
                _wrapPending = false;
                if (_col > 0)
                    _col--;
                break;
            case 0x09: // HT
                _wrapPending = false;
                _col = NextTabStop(_col, 1);
                break;
            case 0x0A or 0x0B or 0x0C: // LF, VT, FF
                _wrapPending = false;
                Index();
                if (NewLineMode)
                    _col = 0;
                break;
            case 0x0D: // CR
                _wrapPending = false;
                _col = 0;
                break;
            case 0x0E: // SO
                _charsets = _charsets with { ShiftOut = true };
                break;
            case 0x0F: // SI
                _charsets = _charsets with { ShiftOut = false };
                break;
            default:
                break; // NUL, ENQ and the rest are ignored
        }
    }

    /// <inheritdoc/>
    void IVtHandler.EscDispatch(VtSequence sequence)
    {
        _lastPrinted = 0;
        byte final = sequence.Final;
        switch (sequence.Intermediate)
        {
            case 0:
                EscapeWithoutIntermediate(final);
                break;
            case (byte)'(' when sequence.Intermediate2 == 0:
                _charsets = _charsets with { G0 = Charsets.FromFinal(final) };
                break;
            case (byte)')' when sequence.Intermediate2 == 0:
                _charsets = _charsets with { G1 = Charsets.FromFinal(final) };
                break;
            case (byte)'#' when final == '8' && sequence.Intermediate2 == 0:
                AlignmentTest();
                break;
            default:
                break;
        }
    }

    private void EscapeWithoutIntermediate(byte final)
    {
        switch (final)
        {
            case (byte)'7': SaveCursor(); break;
            case (byte)'8': RestoreCursor(); break;
            case (byte)'D': _wrapPending = false; Index(); break;
            case (byte)'E': _wrapPending = false; _col = 0; Index(); break;
            case (byte)'H': _tabStops[_col] = true; break;
            case (byte)'M': _wrapPending = false; ReverseIndex(); break;
            case (byte)'c': FullReset(); break;
            case (byte)'=': ApplicationKeypad = true; break;
            case (byte)'>': ApplicationKeypad = false; break;
            default: break; // ST (ESC \) and unsupported finals
        }
    }

    /// <inheritdoc/>
    void IVtHandler.OscDispatch(ReadOnlySpan<char> data)
    {
        _lastPrinted = 0;
        int semicolon = data.IndexOf(';');
        if (semicolon <= 0 || !int.TryParse(data[..semicolon], NumberStyles.None, CultureInfo.InvariantCulture, out int command))
            return;
        if (command is 0 or 2)
            Title = data[(semicolon + 1)..].ToString();
    }

    /// <inheritdoc/>
    void IVtHandler.DcsDispatch(VtSequence sequence, ReadOnlySpan<char> data)
    {
        _lastPrinted = 0;
        // Swallowed: no DECRQSS, sixel or tmux passthrough here.
    }

    /// <summary>IND: down one row, scrolling the region when on its bottom margin.</summary>
    private void Index()
    {
        if (_row == _bottom)
            ScrollRegionUp(1);
        else if (_row < Rows - 1)
            _row++;
    }

    /// <summary>RI: up one row, scrolling the region down when on its top margin.</summary>
    private void ReverseIndex()
    {
        if (_row == _top)
            ScrollRegionDown(1);
        else if (_row > 0)
            _row--;
    }

    /// <summary>The column <paramref name="count"/> tab stops away (backwards when negative), clamped to the line.</summary>
    private int NextTabStop(int col, int count)
    {
        for (; count > 0 && col < Cols - 1; count--)
        {
            do
                col++;
            while (col < Cols - 1 && !_tabStops[col]);
        }
        for (; count < 0 && col > 0; count++)
        {
            do
                col--;
            while (col > 0 && !_tabStops[col]);
        }
        return col;
    }

    private void ResetTabStops()
    {
        for (int c = 0; c < Cols; c++)
            _tabStops[c] = c % 8 == 0 && c > 0;
    }

    private void SaveCursor()
    {
        var saved = new SavedCursor(true, _row, _col, _wrapPending, _pen, OriginMode, _charsets);
        if (AlternateScreen)
            _savedAlternate = saved;
        else
            _savedMain = saved;
    }

    private void RestoreCursor()
    {
        SavedCursor saved = AlternateScreen ? _savedAlternate : _savedMain;
        if (!saved.Valid)
            saved = new SavedCursor(true, 0, 0, false, CellStyle.Default, false, default);
        OriginMode = saved.OriginMode;
        // In origin mode the cursor never leaves the region; a position saved outside it is clamped.
        _row = OriginMode ? Math.Clamp(saved.Row, _top, _bottom) : Math.Min(saved.Row, Rows - 1);
        _col = Math.Min(saved.Col, Cols - 1);
        _wrapPending = saved.WrapPending && AutoWrap && _col == Cols - 1;
        _pen = saved.Pen;
        _charsets = saved.Charsets;
    }

    /// <summary>DECALN (ESC # 8): the screen filled with E, margins reset, cursor home.</summary>
    private void AlignmentTest()
    {
        _buffer.Fill(new Cell('E', 1, CellStyle.Default));
        _top = 0;
        _bottom = Rows - 1;
        _row = 0;
        _col = 0;
        _wrapPending = false;
        _damage.MarkAll();
    }
}
