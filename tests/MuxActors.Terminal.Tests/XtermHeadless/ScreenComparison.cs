using System.Globalization;
using System.Text;

namespace MuxActors.Terminal.Tests.XtermHeadless;

/// <summary>The parts of a screen the differential tests compare; a stream may leave some out, saying why.</summary>
[Flags]
public enum Aspects
{
    None = 0,
    /// <summary>Each cell's character and width.</summary>
    Characters = 1 << 0,
    /// <summary>Foreground and background: default, palette index or RGB.</summary>
    Colours = 1 << 1,
    /// <summary>Bold, underline, inverse, dim, italic, blink, invisible, strikethrough.</summary>
    Renditions = 1 << 2,
    /// <summary>Cursor position, a pending wrap included.</summary>
    Cursor = 1 << 3,
    /// <summary>?25.</summary>
    CursorVisibility = 1 << 4,
    /// <summary>?1, keypad, ?2004, IRM, DECOM, DECAWM, and which screen is shown.</summary>
    Modes = 1 << 5,
    /// <summary>The OSC 0/2 title.</summary>
    Title = 1 << 6,
    /// <summary>The text of the lines kept above the screen.</summary>
    Scrollback = 1 << 7,
    /// <summary>
    /// Colours and renditions of the last column. With a wrap pending xterm.js keeps its cursor past the last
    /// column, so an EL there erases nothing; ours (like DEC terminals and xterm) is on the last column and erases it.
    /// </summary>
    LastColumnStyle = 1 << 8,
    All = (1 << 9) - 1,
}

/// <summary>Compares our <see cref="Screen"/> with what a headless xterm showed for the same bytes.</summary>
public static class ScreenComparison
{
    private const int MaxReported = 12;

    /// <summary>The differences in <paramref name="compared"/>, described (at most a dozen), empty when they agree.</summary>
    public static List<string> Differences(Screen ours, XtermScreen xterm, Aspects compared)
    {
        var found = new List<string>();
        void Add(string difference)
        {
            if (found.Count < MaxReported)
                found.Add(difference);
        }

        for (int r = 0; r < ours.Rows; r++)
        {
            for (int c = 0; c < ours.Cols; c++)
            {
                Cell cell = ours[r, c];
                XtermCell theirs = xterm.Rows[r][c];
                string where = $"row {r} col {c}";
                bool styleCompared = c < ours.Cols - 1 || compared.HasFlag(Aspects.LastColumnStyle);
                if (compared.HasFlag(Aspects.Characters) && !SameCharacter(cell, theirs))
                {
                    Add($"{where}: ours '{Characters(cell)}' w{cell.Width}, xterm '{Characters(theirs)}' w{theirs.Width}" +
                        $"\n  ours:  '{ours.TextOf(r)}'\n  xterm: '{xterm.Text[r]}'");
                }
                if (styleCompared && compared.HasFlag(Aspects.Colours) && (Colour(cell.Foreground), Colour(cell.Background)) != (theirs.Foreground, theirs.Background))
                    Add($"{where} '{Characters(cell)}': ours fg {Colour(cell.Foreground)} bg {Colour(cell.Background)}, xterm fg {theirs.Foreground} bg {theirs.Background}");
                if (styleCompared && compared.HasFlag(Aspects.Renditions) && Flags(cell.Flags) != theirs.Flags)
                    Add($"{where} '{Characters(cell)}': ours {Flags(cell.Flags)}, xterm {theirs.Flags}");
            }
        }

        if (compared.HasFlag(Aspects.Cursor))
        {
            // xterm's cursorX is cols after printing in the last column (a wrap pending when autowrap is on); ours
            // stays on the last column with WrapPending.
            bool theirPending = xterm.CursorX >= ours.Cols && xterm.Modes.Wraparound;
            var theirs = (xterm.CursorY, Math.Min(xterm.CursorX, ours.Cols - 1), theirPending);
            var mine = (ours.CursorRow, ours.CursorCol, ours.WrapPending);
            if (mine != theirs)
                Add($"cursor (row, col, wrap pending): ours {mine}, xterm {theirs}");
        }
        if (compared.HasFlag(Aspects.CursorVisibility) && xterm.CursorHidden is bool hidden && ours.CursorVisible == hidden)
            Add($"cursor visible: ours {ours.CursorVisible}, xterm {!hidden}");
        if (compared.HasFlag(Aspects.Modes))
        {
            var mine = new XtermModes(ours.ApplicationCursorKeys, ours.ApplicationKeypad, ours.BracketedPaste, ours.InsertMode,
                ours.OriginMode, ours.AutoWrap);
            if (mine != xterm.Modes)
                Add($"modes: ours {mine}, xterm {xterm.Modes}");
            if (ours.AlternateScreen != xterm.Alternate)
                Add($"alternate screen: ours {ours.AlternateScreen}, xterm {xterm.Alternate}");
        }
        if (compared.HasFlag(Aspects.Title) && (ours.Title ?? "") != (xterm.Title ?? ""))
            Add($"title: ours '{ours.Title}', xterm '{xterm.Title}'");
        if (compared.HasFlag(Aspects.Scrollback))
            CompareScrollback(ours, xterm, Add);
        return found;
    }

    /// <summary>Our screen's rows next to xterm's, for a failure message.</summary>
    public static string SideBySide(Screen ours, XtermScreen xterm)
    {
        var text = new StringBuilder();
        for (int r = 0; r < ours.Rows; r++)
        {
            string mine = ours.TextOf(r), theirs = xterm.Text[r].TrimEnd(' ');
            text.Append(CultureInfo.InvariantCulture, $"{(mine == theirs ? ' ' : '!')}{r,2} |{mine}\n");
            if (mine != theirs)
                text.Append(CultureInfo.InvariantCulture, $"  x |{theirs}\n");
        }
        return text.ToString();
    }

    private static void CompareScrollback(Screen ours, XtermScreen xterm, Action<string> add)
    {
        if (ours.ScrollbackCount != xterm.Scrollback.Length)
        {
            add($"scrollback: ours {ours.ScrollbackCount} lines, xterm {xterm.Scrollback.Length}");
            return;
        }
        for (int i = 0; i < ours.ScrollbackCount; i++)
        {
            if (ours.ScrollbackTextOf(i) != xterm.Scrollback[i].TrimEnd(' '))
                add($"scrollback line {i}: ours '{ours.ScrollbackTextOf(i)}', xterm '{xterm.Scrollback[i]}'");
        }
    }

    private static bool SameCharacter(Cell cell, XtermCell theirs)
    {
        if (cell.Width != theirs.Width)
            return false;
        // DEC Special Graphics 0x5F is a blank on a VT100 (ours: U+00A0); xterm.js leaves it '_'.
        if (cell.CodePoint == 0xA0 && theirs.Chars == "_")
            return true;
        return Characters(cell) == Characters(theirs);
    }

    /// <summary>A blank is "" in xterm's untouched cells and " " in ours; a continuation is "" in both.</summary>
    private static string Characters(Cell cell) => cell.Width == 0 ? "" : cell.Text;

    private static string Characters(XtermCell cell)
    {
        if (cell.Width == 0)
            return "";
        if (cell.Chars.Length == 0)
            return " ";
        // Combining marks are dropped by our model (the base character is kept); xterm keeps them in the cell.
        return char.ConvertFromUtf32(char.ConvertToUtf32(cell.Chars, 0));
    }

    private static string Colour(TerminalColor colour) => colour.Kind switch
    {
        ColorKind.Indexed => "p" + colour.Index.ToString(CultureInfo.InvariantCulture),
        ColorKind.Rgb => "r" + colour.Rgb.ToString("x6", CultureInfo.InvariantCulture),
        _ => "d",
    };

    private static XtermFlags Flags(CellFlags flags)
    {
        XtermFlags result = XtermFlags.None;
        if (flags.HasFlag(CellFlags.Bold)) result |= XtermFlags.Bold;
        if (flags.HasFlag(CellFlags.Underline)) result |= XtermFlags.Underline;
        if (flags.HasFlag(CellFlags.Reverse)) result |= XtermFlags.Inverse;
        if (flags.HasFlag(CellFlags.Dim)) result |= XtermFlags.Dim;
        if (flags.HasFlag(CellFlags.Italic)) result |= XtermFlags.Italic;
        if (flags.HasFlag(CellFlags.Blink)) result |= XtermFlags.Blink;
        if (flags.HasFlag(CellFlags.Invisible)) result |= XtermFlags.Invisible;
        if (flags.HasFlag(CellFlags.Strikethrough)) result |= XtermFlags.Strikethrough;
        return result;
    }
}
