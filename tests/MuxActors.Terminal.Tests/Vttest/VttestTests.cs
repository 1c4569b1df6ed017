namespace MuxActors.Terminal.Tests.Vttest;

/// <summary>
/// vttest's menus 1 ("Test of cursor movements") and 8 ("Test of VT102 features (Insert/Delete Char/Line)") driven
/// on a real pty, each screen checked against the picture vttest tells the person at the terminal to expect. The 132-column variants are passed over: the geometry is fixed and
/// DECCOLM ignored (as in xterm by default), so what vttest draws for 132 columns does not fit.
/// </summary>
public sealed class VttestTests
{
    [VttestFact]
    public async Task Cursor_movement_screens_show_what_vttest_describes()
    {
        await using var vttest = VttestSession.Start();
        await vttest.UntilShownAsync("Enter choice number");
        await vttest.TypeAsync("1\r");

        // Screen 1: "an unbroken border of *'s and +'s around the edge, and exactly in the middle there should be a
        // frame of E's around this text with one (1) free position around it."
        await vttest.UntilPromptedAsync(1);
        vttest.Read(s =>
        {
            AssertBorder(s);
            AssertFrameOfEs(s);
            return 0;
        });

        await vttest.TypeAsync("\r"); // the same test in 132 columns
        await vttest.UntilPromptedAsync(2);
        await vttest.TypeAsync("\r");

        // Screen 3: "Test of autowrap, mixing control and print characters. The left/right margins should have
        // letters in order:" — I i, J j, ... down both edges.
        await vttest.UntilPromptedAsync(3);
        vttest.Read(s =>
        {
            AssertAutowrapMargins(s);
            return 0;
        });
        await vttest.TypeAsync("\r"); // the same in 132 columns
        await vttest.UntilPromptedAsync(4);
        await vttest.TypeAsync("\r");

        // Screen 5: "Test of cursor-control characters inside ESC sequences. Below should be four identical lines:"
        await vttest.UntilPromptedAsync(5);
        vttest.Read(s =>
        {
            int first = RowOf(s, "Below should be four identical lines") + 2;
            for (int r = first; r < first + 4; r++)
                Assert.Equal("A B C D E F G H I", s.TextOf(r));
            return 0;
        });
        await vttest.TypeAsync("\r");

        // Screen 6: "Test of leading zeros in ESC sequences. Two lines below you should see the sentence
        // "This is a correct sentence"."
        await vttest.UntilPromptedAsync(6);
        vttest.Read(s =>
        {
            int row = RowOf(s, "Two lines below you should see");
            Assert.Equal("This is a correct sentence", s.TextOf(row + 2).Trim());
            return 0;
        });
        await vttest.TypeAsync("\r");
        await vttest.UntilShownAsync("Enter choice number");
    }

    [VttestFact]
    public async Task Vt102_insert_and_delete_screens_show_what_vttest_describes()
    {
        await using var vttest = VttestSession.Start();
        await vttest.UntilShownAsync("Enter choice number");
        await vttest.TypeAsync("8\r");
        await vttest.UntilPromptedAsync(1); // the accordion, before it folds
        await vttest.TypeAsync("\r");

        // "Top line: A's, bottom line: X's, this line, nothing more."
        await vttest.UntilPromptedAsync(2);
        vttest.Read(s =>
        {
            string dump = ScreenAssert.Dump(s);
            Assert.True(s.TextOf(0) == new string('A', 80), dump);
            Assert.True(s.TextOf(23) == new string('X', 80), dump);
            Assert.StartsWith("Top line: A's, bottom line: X's, this line, nothing more.", s.TextOf(1), StringComparison.Ordinal);
            Assert.True(Enumerable.Range(2, 21).All(r => s.TextOf(r).Length == 0), dump);
            return 0;
        });
        await vttest.TypeAsync("\r");

        // "Test of 'Insert Mode'. The top line should be 'A*** ... ***B'."
        await vttest.UntilPromptedAsync(3);
        vttest.Read(s => { Assert.Equal("A" + new string('*', 78) + "B", s.TextOf(0)); return 0; });
        await vttest.TypeAsync("\r");

        // "Test of 'Delete Character'. The top line should be 'AB'."
        await vttest.UntilPromptedAsync(4);
        vttest.Read(s => { Assert.Equal("AB", s.TextOf(0)); return 0; });
        await vttest.TypeAsync("\r");

        // "The right column should be staggered by one." — twice, the lines 79 - row long, then 39 - row.
        foreach ((int screen, int first) in new[] { (5, 79), (6, 39) })
        {
            await vttest.UntilPromptedAsync(screen);
            vttest.Read(s =>
            {
                for (int r = 0; r < s.Rows; r++)
                    Assert.True(s.TextOf(r).Length == first - r, $"row {r} is not staggered:\n{ScreenAssert.Dump(s)}");
                return 0;
            });
            await vttest.TypeAsync("\r");
        }

        // "If your terminal has the ANSI 'Insert Character' function ... you should see a line like this ... below:"
        await vttest.UntilPromptedAsync(7);
        vttest.Read(s =>
        {
            int example = RowOf(s, "A B C D E F G H I J K L M N O P Q R S T U V W X Y Z");
            Assert.True(s.TextOf(example + 3) == s.TextOf(example), ScreenAssert.Dump(s));
            return 0;
        });
    }

    private static int RowOf(Screen s, string text)
    {
        for (int r = 0; r < s.Rows; r++)
        {
            if (s.TextOf(r).Contains(text, StringComparison.Ordinal))
                return r;
        }
        Assert.Fail($"'{text}' not on the screen:\n{ScreenAssert.Dump(s)}");
        return -1;
    }

    /// <summary>The outer frame of *'s on the screen's edge and the frame of +'s just inside it.</summary>
    private static void AssertBorder(Screen s)
    {
        string dump = ScreenAssert.Dump(s);
        for (int c = 0; c < s.Cols; c++)
        {
            Assert.True(s[0, c].Text == "*" && s[s.Rows - 1, c].Text == "*", $"* border broken at column {c}:\n{dump}");
            if (c is > 0 and < 79)
                Assert.True(s[1, c].Text == "+" && s[s.Rows - 2, c].Text == "+", $"+ border broken at column {c}:\n{dump}");
        }
        for (int r = 0; r < s.Rows; r++)
        {
            Assert.True(s[r, 0].Text == "*" && s[r, s.Cols - 1].Text == "*", $"* border broken on row {r}:\n{dump}");
            if (r is > 0 and < 23)
                Assert.True(s[r, 1].Text == "+" && s[r, s.Cols - 2].Text == "+", $"+ border broken on row {r}:\n{dump}");
        }
    }

    /// <summary>
    /// Rows 8 and 15, columns 10 and 69 (0-based) are E's; inside, one free position all round, then the text;
    /// between the E frame and the + border nothing.
    /// </summary>
    private static void AssertFrameOfEs(Screen s)
    {
        string dump = ScreenAssert.Dump(s);
        for (int r = 2; r < 22; r++)
        {
            for (int c = 2; c < 78; c++)
            {
                bool onFrame = (r is 8 or 15 && c is >= 10 and <= 69) || (c is 10 or 69 && r is >= 8 and <= 15);
                bool inside = r is > 8 and < 15 && c is > 10 and < 69;
                if (onFrame)
                    Assert.True(s[r, c].Text == "E", $"no E at {r},{c}:\n{dump}");
                else if (!inside)
                    Assert.True(s[r, c].Text == " ", $"'{s[r, c].Text}' outside the E frame at {r},{c}:\n{dump}");
                else if (r is 9 or 14 || c is 11 or 68)
                    Assert.True(s[r, c].Text == " ", $"the free position inside the E frame is '{s[r, c].Text}' at {r},{c}:\n{dump}");
            }
        }
    }

    /// <summary>Both margins read the letters in order, one per row, from the row after the description on.</summary>
    private static void AssertAutowrapMargins(Screen s)
    {
        string dump = ScreenAssert.Dump(s);
        var left = new List<char>();
        var right = new List<char>();
        for (int r = 0; r < s.Rows; r++)
        {
            string l = s[r, 0].Text, rt = s[r, s.Cols - 1].Text;
            if (l.Length == 1 && char.IsLetter(l[0]) && rt.Length == 1 && char.IsLetter(rt[0]))
            {
                left.Add(l[0]);
                right.Add(rt[0]);
            }
        }
        Assert.True(left.Count >= 10, $"too few margin letters:\n{dump}");
        for (int i = 1; i < left.Count; i++)
        {
            Assert.True(left[i] == left[i - 1] + 1 && right[i] == right[i - 1] + 1, $"margin letters out of order at {i}:\n{dump}");
        }
    }
}
