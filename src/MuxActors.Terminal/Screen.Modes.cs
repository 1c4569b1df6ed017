namespace MuxActors.Terminal;

public sealed partial class Screen
{
    /// <summary>SM / RM: IRM (4) and LNM (20).</summary>
    private void SetAnsiModes(VtSequence seq, bool on)
    {
        for (int i = 0; i < seq.Count; i++)
        {
            switch (seq.Raw(i))
            {
                case 4: InsertMode = on; break;
                case 20: NewLineMode = on; break;
                default: break;
            }
        }
    }

    /// <summary>DECSET / DECRST; unknown modes (mouse reporting, DECCOLM, ...) are ignored.</summary>
    private void SetDecModes(VtSequence seq, bool on)
    {
        for (int i = 0; i < seq.Count; i++)
        {
            switch (seq.Raw(i))
            {
                case 1: ApplicationCursorKeys = on; break;
                case 6: OriginMode = on; CursorPosition(1, 1); break;
                case 7: AutoWrap = on; _wrapPending &= on; break;
                case 25: CursorVisible = on; break;
                case 47: SwitchScreen(on, clearOnLeave: false); break;
                case 1047: SwitchScreen(on, clearOnLeave: true); break;
                case 1048: if (on) SaveCursor(); else RestoreCursor(); break;
                case 1049: SwitchScreenSavingCursor(on); break;
                case 2004: BracketedPaste = on; break;
                default: break;
            }
        }
    }

    private void SwitchScreen(bool alternate, bool clearOnLeave)
    {
        if (alternate == AlternateScreen)
            return;
        if (!alternate && clearOnLeave)
            _alternate.Fill(Cell.Blank(EraseStyle));
        _buffer = alternate ? _alternate : _main;
        _damage.MarkAll();
    }

    /// <summary>
    /// ?1049: save the cursor and enter a cleared alternate screen; on leaving, restore it. As in xterm, the cursor is
    /// saved and restored even when the screen does not change (found by the differential test: ?1049l on the main
    /// screen restores the cursor saved there).
    /// </summary>
    private void SwitchScreenSavingCursor(bool alternate)
    {
        if (alternate)
        {
            SaveCursor();
            if (AlternateScreen)
                return;
            _buffer = _alternate;
            _alternate.Fill(Cell.Blank(EraseStyle));
        }
        else
        {
            bool leaving = AlternateScreen;
            _buffer = _main;
            RestoreCursor();
            if (!leaving)
                return;
        }
        _damage.MarkAll();
    }

    /// <summary>RIS (ESC c): back to the power-on state. The scrollback is kept.</summary>
    private void FullReset()
    {
        _main.Fill(Cell.Blank(CellStyle.Default));
        _alternate.Fill(Cell.Blank(CellStyle.Default));
        _buffer = _main;
        ResetState();
        Title = null;
        _damage.MarkAll();
    }

    /// <summary>DECSTR (CSI ! p): modes, pen, region and saved cursor reset; the screen and cursor stay.</summary>
    private void SoftReset()
    {
        CursorVisible = true;
        InsertMode = false;
        OriginMode = false;
        AutoWrap = true;
        ApplicationCursorKeys = false;
        ApplicationKeypad = false;
        _top = 0;
        _bottom = Rows - 1;
        _charsets = default;
        _pen = CellStyle.Default;
        _savedMain = default;
        _savedAlternate = default;
    }

    private void ResetState()
    {
        SoftReset();
        _row = 0;
        _col = 0;
        _wrapPending = false;
        NewLineMode = false;
        BracketedPaste = false;
        _lastPrinted = 0;
        ResetTabStops();
    }
}
