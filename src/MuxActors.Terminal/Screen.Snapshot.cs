using System.Buffers;
using System.Text;

namespace MuxActors.Terminal;

public sealed partial class Screen
{
    /// <summary>The bytes that redraw this screen on a blank terminal of the same size; see <see cref="WriteSnapshot"/>.</summary>
    public byte[] Snapshot()
    {
        var output = new ArrayBufferWriter<byte>(Cols * Rows + 256);
        WriteSnapshot(output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes the bytes that, fed to a blank terminal of the same size, redraw the visible
    /// screen (cells and attributes) and restore the cursor (position, visibility, pending
    /// wrap), the pen, the saved cursor, tab stops, scrolling region, title and the modes
    /// (autowrap, origin, insert, new line, application cursor keys and keypad, bracketed
    /// paste, character sets). The alternate screen is not re-entered: what it shows is drawn
    /// as the main screen. The scrollback is not included.
    /// </summary>
    public void WriteSnapshot(IBufferWriter<byte> output)
    {
        var w = new SequenceWriter(output);
        // Autowrap off while drawing, so the bottom-right cell cannot scroll the screen.
        w.Ascii("\e[?7l\e[r\e[?6l\e[4l\e[20l\e(B\e)B\x0f\e[0m\e[H\e[2J");
        for (int r = 0; r < Rows; r++)
            DrawRow(w, r);
        if (!HasDefaultTabStops())
            WriteTabStops(w);
        SavedCursor saved = AlternateScreen ? _savedAlternate : _savedMain;
        if (saved.Valid)
            WriteSavedCursor(w, saved);
        if (Title is not null)
        {
            w.Ascii("\e]2;");
            foreach (Rune rune in Title.EnumerateRunes())
                w.CodePoint(rune.Value);
            w.Ascii("\e\\");
        }
        WriteCursorAndModes(w);
    }

    private void DrawRow(SequenceWriter w, int row)
    {
        Cell[] line = _buffer[row];
        Cell blank = Cell.Blank(CellStyle.Default);
        int end = line.Length - 1;
        while (end >= 0 && line[end] == blank)
            end--;
        if (end < 0)
            return;
        w.CursorPosition(row + 1, 1);
        CellStyle current = CellStyle.Default;
        for (int c = 0; c <= end; c++)
        {
            Cell cell = line[c];
            if (cell.Width == 0)
                continue; // drawn with its lead
            if (cell.Style != current)
            {
                w.Style(cell.Style);
                current = cell.Style;
            }
            w.CodePoint(cell.CodePoint);
        }
        w.Ascii("\e[0m");
    }

    private bool HasDefaultTabStops()
    {
        for (int c = 0; c < Cols; c++)
        {
            if (_tabStops[c] != (c % 8 == 0 && c > 0))
                return false;
        }
        return true;
    }

    private void WriteTabStops(SequenceWriter w)
    {
        w.Ascii("\e[3g");
        for (int c = 0; c < Cols; c++)
        {
            if (_tabStops[c])
            {
                w.CursorPosition(1, c + 1);
                w.Ascii("\eH");
            }
        }
    }

    /// <summary>Puts the cursor where DECSC saved it, sets what it saved, saves, and undoes the settings.</summary>
    private void WriteSavedCursor(SequenceWriter w, SavedCursor saved)
    {
        if (saved.OriginMode)
            w.Ascii("\e[?6h"); // the region is still full here, so positions stay absolute
        if (saved.WrapPending && saved.Col == Cols - 1)
        {
            w.Ascii("\e[?7h");
            ReprintLastColumn(w, saved.Row, saved.Row + 1);
        }
        else
            w.CursorPosition(saved.Row + 1, saved.Col + 1);
        w.Style(saved.Pen);
        WriteCharsets(w, saved.Charsets);
        w.Ascii("\e7\e[?7l\e[?6l\e(B\e)B\x0f\e[0m");
    }

    private void WriteCursorAndModes(SequenceWriter w)
    {
        if (_top != 0 || _bottom != Rows - 1)
        {
            w.Ascii("\e[");
            w.Number(_top + 1);
            w.Byte((byte)';');
            w.Number(_bottom + 1);
            w.Byte((byte)'r');
        }
        if (OriginMode)
            w.Ascii("\e[?6h");
        int rowBase = OriginMode ? _top : 0;
        if (_wrapPending)
        {
            // The only way to a pending wrap is to print into the last column: reprint what is there.
            w.Ascii("\e[?7h");
            ReprintLastColumn(w, _row, _row - rowBase + 1);
        }
        else
        {
            w.CursorPosition(_row - rowBase + 1, _col + 1);
            if (AutoWrap)
                w.Ascii("\e[?7h");
        }
        w.Style(_pen);
        if (InsertMode)
            w.Ascii("\e[4h");
        if (NewLineMode)
            w.Ascii("\e[20h");
        if (ApplicationCursorKeys)
            w.Ascii("\e[?1h");
        if (ApplicationKeypad)
            w.Ascii("\e=");
        if (BracketedPaste)
            w.Ascii("\e[?2004h");
        if (!CursorVisible)
            w.Ascii("\e[?25l");
        WriteCharsets(w, _charsets);
    }

    /// <summary>
    /// A pending wrap can only be made by printing into the last column with autowrap on:
    /// reprint what the last column of <paramref name="row"/> already holds (addressed as
    /// <paramref name="addressRow"/>). The caller turns autowrap on first.
    /// </summary>
    private void ReprintLastColumn(SequenceWriter w, int row, int addressRow)
    {
        Cell[] line = _buffer[row];
        int lead = line[Cols - 1].Width == 0 ? Cols - 2 : Cols - 1;
        w.CursorPosition(addressRow, lead + 1);
        w.Style(line[lead].Style);
        w.CodePoint(line[lead].CodePoint);
    }

    private static void WriteCharsets(SequenceWriter w, Charsets charsets)
    {
        if (charsets.G0 != CharacterSet.Ascii)
        {
            w.Ascii("\e(");
            w.Byte((byte)Charsets.FinalOf(charsets.G0));
        }
        if (charsets.G1 != CharacterSet.Ascii)
        {
            w.Ascii("\e)");
            w.Byte((byte)Charsets.FinalOf(charsets.G1));
        }
        if (charsets.ShiftOut)
            w.Byte(0x0E);
    }
}
