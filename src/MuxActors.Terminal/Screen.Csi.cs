namespace MuxActors.Terminal;

public sealed partial class Screen
{
    /// <inheritdoc/>
    void IVtHandler.CsiDispatch(VtSequence seq)
    {
        if (seq.Marker == 0 && seq.Intermediate == 0)
            PlainCsi(seq);
        else if (seq.Marker == '?' && seq.Intermediate == 0)
            PrivateCsi(seq);
        else if (seq.Marker == '>' && seq.Final == 'c' && seq.Raw(0) == 0)
            Reply("\e[>1;10;0c"); // DA2: a VT220, firmware 10, no ROM cartridge
        else if (seq.Marker == 0 && seq.Intermediate == '!' && seq.Final == 'p')
            SoftReset();
        // ECMA-48 leaves REP after a control function undefined; like xterm.js it then repeats nothing (found by
        // the differential test), and a second REP does not repeat the first's characters again.
        _lastPrinted = 0;
    }

    private void PlainCsi(VtSequence seq)
    {
        int n = seq.Param(0, 1);
        switch ((char)seq.Final)
        {
            case '@': EditCells(insert: true, n); break;                       // ICH
            case 'A': MoveUp(n); break;                                        // CUU
            case 'B': MoveDown(n); break;                                      // CUD
            case 'C': MoveTo(_row, _col + n); break;                           // CUF
            case 'D': MoveTo(_row, _col - n); break;                           // CUB
            case 'E': MoveDown(n); _col = 0; break;                            // CNL
            case 'F': MoveUp(n); _col = 0; break;                              // CPL
            case 'G' or '`': MoveTo(_row, n - 1); break;                       // CHA, HPA
            case 'a': MoveTo(_row, _col + n); break;                           // HPR
            case 'H' or 'f': CursorPosition(n, seq.Param(1, 1)); break;        // CUP, HVP
            case 'd': CursorPosition(n, _col + 1); break;                     // VPA
            case 'e': MoveDown(n); break;                                      // VPR (clamped like CUD)
            case 'I': _wrapPending = false; _col = NextTabStop(_col, n); break; // CHT
            case 'Z': _wrapPending = false; _col = NextTabStop(_col, -n); break; // CBT
            case 'J': EraseInDisplay(seq.Raw(0)); break;                       // ED
            case 'K': EraseInLine(seq.Raw(0)); break;                          // EL
            case 'L': EditLines(insert: true, n); break;                       // IL
            case 'M': EditLines(insert: false, n); break;                      // DL
            case 'P': EditCells(insert: false, n); break;                      // DCH
            case 'X': EraseCharacters(n); break;                               // ECH
            case 'S': ScrollRegionUp(n); break;                                // SU
            case 'T' when seq.Count <= 1: ScrollRegionDown(n); break;          // SD (5 params is mouse tracking)
            case 'b': RepeatLastPrinted(n); break;                             // REP
            case 'c' when seq.Raw(0) == 0: Reply("\e[?62;22c"); break;         // DA1: VT220 with ANSI colour
            case 'g': ClearTabStops(seq.Raw(0)); break;                        // TBC
            case 'h': SetAnsiModes(seq, true); break;                          // SM
            case 'l': SetAnsiModes(seq, false); break;                         // RM
            case 'm': SelectGraphicRendition(seq); break;                      // SGR
            case 'n': DeviceStatus(seq.Raw(0), decForm: false); break;         // DSR
            case 'r': SetScrollRegion(seq.Param(0, 1), seq.Param(1, Rows)); break; // DECSTBM
            case 's': SaveCursor(); break;                                     // SCOSC
            case 'u': RestoreCursor(); break;                                  // SCORC
            default: break;
        }
    }

    private void PrivateCsi(VtSequence seq)
    {
        switch ((char)seq.Final)
        {
            case 'h': SetDecModes(seq, true); break;
            case 'l': SetDecModes(seq, false); break;
            case 'n': DeviceStatus(seq.Raw(0), decForm: true); break;
            case 'J': EraseInDisplay(seq.Raw(0)); break; // DECSED: no protected cells here
            case 'K': EraseInLine(seq.Raw(0)); break;    // DECSEL
            default: break;
        }
    }

    private void DeviceStatus(int request, bool decForm)
    {
        if (request == 5 && !decForm)
        {
            Reply("\e[0n");
        }
        else if (request == 6)
        {
            int row = OriginMode ? _row - _top + 1 : _row + 1;
            Reply(decForm ? $"\e[?{row};{_col + 1}R" : $"\e[{row};{_col + 1}R");
        }
    }

    /// <summary>CUP: 1-based, relative to the region in origin mode and confined to it.</summary>
    private void CursorPosition(int row, int col)
    {
        _wrapPending = false;
        int r = OriginMode ? _top + row - 1 : row - 1;
        _row = OriginMode ? Math.Clamp(r, _top, _bottom) : Math.Clamp(r, 0, Rows - 1);
        _col = Math.Clamp(col - 1, 0, Cols - 1);
    }

    private void MoveTo(int row, int col)
    {
        _wrapPending = false;
        _row = Math.Clamp(row, 0, Rows - 1);
        _col = Math.Clamp(col, 0, Cols - 1);
    }

    /// <summary>CUU: stops at the top margin when starting inside the region.</summary>
    private void MoveUp(int n)
    {
        _wrapPending = false;
        int limit = _row >= _top ? _top : 0;
        _row = Math.Max(limit, _row - n);
    }

    /// <summary>CUD: stops at the bottom margin when starting inside the region.</summary>
    private void MoveDown(int n)
    {
        _wrapPending = false;
        int limit = _row <= _bottom ? _bottom : Rows - 1;
        _row = Math.Min(limit, _row + n);
    }

    private void ClearTabStops(int mode)
    {
        if (mode == 0)
            _tabStops[_col] = false;
        else if (mode == 3)
            Array.Clear(_tabStops);
    }

    /// <summary>DECSTBM: a region of at least two rows; the cursor goes home.</summary>
    private void SetScrollRegion(int top, int bottom)
    {
        top = Math.Min(top, Rows) - 1;
        bottom = Math.Min(bottom, Rows) - 1;
        if (top >= bottom)
            return;
        _top = top;
        _bottom = bottom;
        CursorPosition(1, 1);
    }
}
