namespace MuxActors.Terminal;

public sealed partial class Screen
{
    /// <summary>SGR: renditions, the 16 colours, 256 colours and true colour (';' or ':' forms).</summary>
    private void SelectGraphicRendition(VtSequence seq)
    {
        if (seq.Count == 0)
        {
            _pen = CellStyle.Default;
            return;
        }
        TerminalColor fg = _pen.Foreground, bg = _pen.Background;
        CellFlags flags = _pen.Flags;
        for (int i = 0; i < seq.Count; i++)
        {
            int p = seq.Raw(i);
            switch (p)
            {
                case 0: fg = default; bg = default; flags = CellFlags.None; break;
                case 1: flags |= CellFlags.Bold; break;
                case 2: flags |= CellFlags.Dim; break;
                case 3: flags |= CellFlags.Italic; break;
                case 4:
                    // 4:0 is "no underline"; 4:1..4:5 are underline styles, all kept as one flag.
                    bool off = seq.IsSubParam(i + 1) && seq.Raw(i + 1) == 0;
                    flags = off ? flags & ~CellFlags.Underline : flags | CellFlags.Underline;
                    break;
                case 5 or 6: flags |= CellFlags.Blink; break;
                case 7: flags |= CellFlags.Reverse; break;
                case 8: flags |= CellFlags.Invisible; break;
                case 9: flags |= CellFlags.Strikethrough; break;
                case 21: flags |= CellFlags.Underline; break; // double underline, shown as one
                case 22: flags &= ~(CellFlags.Bold | CellFlags.Dim); break;
                case 23: flags &= ~CellFlags.Italic; break;
                case 24: flags &= ~CellFlags.Underline; break;
                case 25: flags &= ~CellFlags.Blink; break;
                case 27: flags &= ~CellFlags.Reverse; break;
                case 28: flags &= ~CellFlags.Invisible; break;
                case 29: flags &= ~CellFlags.Strikethrough; break;
                case >= 30 and <= 37: fg = TerminalColor.FromIndex((byte)(p - 30)); break;
                case 38: i = ExtendedColor(seq, i, ref fg); continue;
                case 39: fg = default; break;
                case >= 40 and <= 47: bg = TerminalColor.FromIndex((byte)(p - 40)); break;
                case 48: i = ExtendedColor(seq, i, ref bg); continue;
                case 49: bg = default; break;
                case 58:
                    TerminalColor ignored = default; // underline colour: parsed past, not kept
                    i = ExtendedColor(seq, i, ref ignored);
                    continue;
                case >= 90 and <= 97: fg = TerminalColor.FromIndex((byte)(p - 90 + 8)); break;
                case >= 100 and <= 107: bg = TerminalColor.FromIndex((byte)(p - 100 + 8)); break;
                default: break;
            }
            // Skip sub-parameters this code did not use.
            while (seq.IsSubParam(i + 1))
                i++;
        }
        _pen = new CellStyle(fg, bg, flags);
    }

    /// <summary>
    /// 38/48/58 at <paramref name="i"/>: <c>5;n</c>, <c>2;r;g;b</c>, or the colon forms
    /// <c>5:n</c>, <c>2:r:g:b</c>, <c>2:cs:r:g:b</c>. Returns the index of the last parameter used.
    /// </summary>
    private static int ExtendedColor(VtSequence seq, int i, ref TerminalColor color)
    {
        bool colon = seq.IsSubParam(i + 1);
        int groupEnd = i + 1;
        if (colon)
        {
            while (seq.IsSubParam(groupEnd + 1))
                groupEnd++;
        }
        switch (seq.Raw(i + 1))
        {
            case 5 when (colon ? groupEnd >= i + 2 : seq.Count > i + 2):
                color = TerminalColor.FromIndex((byte)Math.Min(255, seq.Raw(i + 2)));
                return colon ? groupEnd : i + 2;
            case 2:
                int first = colon && groupEnd - i >= 5 ? i + 3 : i + 2; // skip the colour-space id
                if (colon ? groupEnd < first + 2 : seq.Count <= first + 2)
                    return colon ? groupEnd : seq.Count - 1;
                color = TerminalColor.FromRgb(Channel(seq.Raw(first)), Channel(seq.Raw(first + 1)), Channel(seq.Raw(first + 2)));
                return colon ? groupEnd : first + 2;
            default:
                return colon ? groupEnd : i + 1;
        }
    }

    private static byte Channel(int value) => (byte)Math.Min(255, value);
}
