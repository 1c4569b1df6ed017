using System.Text;

namespace MuxActors.Terminal.Tests;

/// <summary>Helpers shared by the screen tests.</summary>
internal static class ScreenAssert
{
    public static Screen Fed(string text, int cols = 80, int rows = 24, int scrollback = 100)
    {
        var screen = new Screen(cols, rows, scrollback);
        screen.Feed(text);
        return screen;
    }

    public static void Cursor(Screen screen, int row, int col)
    {
        Assert.Equal((row, col), (screen.CursorRow, screen.CursorCol));
    }

    /// <summary>Every visible cell, the cursor, the pen and the modes a snapshot carries are equal.</summary>
    public static void SameState(Screen expected, Screen actual, string context = "")
    {
        for (int r = 0; r < expected.Rows; r++)
        {
            for (int c = 0; c < expected.Cols; c++)
            {
                if (expected[r, c] != actual[r, c])
                    Assert.Fail($"{context} cell {r},{c}: expected {expected[r, c]} got {actual[r, c]}\n" +
                        $"expected row: '{expected.TextOf(r)}'\nactual row:   '{actual.TextOf(r)}'");
            }
        }
        Assert.Equal(
            (expected.CursorRow, expected.CursorCol, expected.WrapPending, expected.CursorVisible, expected.CurrentStyle),
            (actual.CursorRow, actual.CursorCol, actual.WrapPending, actual.CursorVisible, actual.CurrentStyle));
        Assert.Equal(
            (expected.ApplicationCursorKeys, expected.ApplicationKeypad, expected.BracketedPaste, expected.AutoWrap,
             expected.OriginMode, expected.InsertMode, expected.NewLineMode, expected.ScrollTop, expected.ScrollBottom, expected.Title),
            (actual.ApplicationCursorKeys, actual.ApplicationKeypad, actual.BracketedPaste, actual.AutoWrap,
             actual.OriginMode, actual.InsertMode, actual.NewLineMode, actual.ScrollTop, actual.ScrollBottom, actual.Title));
    }

    public static string Dump(Screen screen)
    {
        var text = new StringBuilder();
        for (int r = 0; r < screen.Rows; r++)
            text.Append(screen.TextOf(r)).Append('\n');
        return text.ToString();
    }
}
