namespace MuxActors.Terminal.Tests;

public class ScreenTextTests
{
    [Fact]
    public void Sgr_red_bold_text_then_newline()
    {
        var s = ScreenAssert.Fed("\e[1;31mRED\e[0m tok4242\r\n");
        Assert.Equal("RED tok4242", s.TextOf(0));
        Assert.True(s[0, 0].Style.Has(CellFlags.Bold));
        Assert.Equal(TerminalColor.FromIndex(1), s[0, 0].Foreground);
        Assert.Equal(CellStyle.Default, s[0, 3].Style);
        Assert.Equal(CellStyle.Default, s[0, 4].Style);
        ScreenAssert.Cursor(s, 1, 0);
    }

    [Fact]
    public void Deferred_wrap_keeps_the_cursor_on_the_line_until_the_next_character()
    {
        var s = ScreenAssert.Fed(new string('x', 80));
        ScreenAssert.Cursor(s, 0, 79);
        Assert.True(s.WrapPending);
        s.Feed("\r");
        ScreenAssert.Cursor(s, 0, 0);
        Assert.False(s.WrapPending);
        Assert.Equal("", s.TextOf(1));
        s.Feed(new string('y', 80) + "z");
        Assert.Equal(new string('y', 80), s.TextOf(0));
        Assert.Equal("z", s.TextOf(1));
        ScreenAssert.Cursor(s, 1, 1);
    }

    [Fact]
    public void Without_autowrap_the_last_column_is_overwritten()
    {
        var s = ScreenAssert.Fed("\e[?7l" + new string('a', 79) + "bcd", cols: 80);
        Assert.Equal(new string('a', 79) + "d", s.TextOf(0));
        ScreenAssert.Cursor(s, 0, 79);
        Assert.False(s.WrapPending);
        Assert.False(s.AutoWrap);
    }

    [Fact]
    public void Deferred_wrap_at_the_bottom_scrolls_only_when_the_next_character_comes()
    {
        var s = ScreenAssert.Fed("top\e[24;1H" + new string('q', 80), scrollback: 10);
        Assert.Equal("top", s.TextOf(0));
        Assert.Equal(0, s.ScrollbackCount);
        s.Feed("!");
        Assert.Equal("top", s.ScrollbackTextOf(0));
        Assert.Equal("!", s.TextOf(23));
    }

    [Fact]
    public void Wide_characters_take_two_cells()
    {
        var s = ScreenAssert.Fed("a漢b");
        Assert.Equal(2, s[0, 1].Width);
        Assert.Equal('漢', s[0, 1].CodePoint);
        Assert.True(s[0, 2].IsContinuation);
        Assert.Equal('b', s[0, 3].CodePoint);
        Assert.Equal("a漢b", s.TextOf(0));
        ScreenAssert.Cursor(s, 0, 4);
    }

    [Fact]
    public void A_wide_character_that_does_not_fit_wraps_whole()
    {
        var s = ScreenAssert.Fed(new string('-', 9) + "漢", cols: 10, rows: 3);
        Assert.Equal(new string('-', 9), s.TextOf(0));
        Assert.Equal("漢", s.TextOf(1));
        ScreenAssert.Cursor(s, 1, 2);
    }

    [Fact]
    public void Overwriting_half_of_a_wide_character_blanks_the_other_half()
    {
        var s = ScreenAssert.Fed("漢字\e[1;2Hx");
        Assert.Equal(" x字", s.TextOf(0));
        s.Feed("\e[1;3Hy");
        Assert.Equal(" xy", s.TextOf(0).TrimEnd());
        Assert.Equal(1, s[0, 3].Width);
    }

    [Fact]
    public void The_orphaned_half_takes_the_style_of_what_split_it()
    {
        // As xterm.js (found by the random differential run): the pen when printing, the erase style for ECH and DCH.
        var s = ScreenAssert.Fed("\e[41m漢字\e[m\e[1;2H\e[44mx\e[m\r\n\e[41m漢字\e[m\e[2;2H\e[42m\e[1P\e[m");
        Assert.Equal(TerminalColor.FromIndex(4), s[0, 0].Background);
        Assert.Equal(TerminalColor.FromIndex(2), s[1, 0].Background);
    }

    [Fact]
    public void Combining_marks_are_dropped_keeping_the_base()
    {
        var s = ScreenAssert.Fed("e\u0301x");
        Assert.Equal("ex", s.TextOf(0));
    }

    [Fact]
    public void Dec_special_graphics_map_to_line_drawing()
    {
        var s = ScreenAssert.Fed("\e(0lqk\e(B x\e)0\x0eqx\x0fq");
        Assert.Equal("┌─┐ x─│q", s.TextOf(0));
    }

    [Fact]
    public void Rep_repeats_nothing_after_a_control_function()
    {
        // ECMA-48 leaves it undefined; xterm.js repeats nothing, and so do we (found by the differential test).
        var s = ScreenAssert.Fed("x\e[1m\e[3by\r\n\e[3bz\tq\e]2;t\a\e[2bw\e[2b\e[2b");
        Assert.Equal("xy", s.TextOf(0));
        Assert.Equal("z       qwww", s.TextOf(1));
    }

    [Fact]
    public void British_set_prints_a_pound_sign_for_the_hash()
    {
        // Found by the differential test on vttest's character-set screens (menu 3), which designate it.
        var s = ScreenAssert.Fed("#\e(A#$\e(B#\e)A\x0e#\x0f#");
        Assert.Equal("#£$#£#", s.TextOf(0));
    }

    [Fact]
    public void A_snapshot_keeps_the_designated_sets()
    {
        var a = ScreenAssert.Fed("\e(A\e)0\x0e");
        var b = new Screen(a.Cols, a.Rows, 0);
        b.Feed(a.Snapshot());
        a.Feed("q\x0f#");
        b.Feed("q\x0f#");
        Assert.Equal("─£", a.TextOf(0));
        ScreenAssert.SameState(a, b);
    }

    [Fact]
    public void Insert_mode_shifts_the_line()
    {
        var s = ScreenAssert.Fed("abcd\e[1;2H\e[4hXY\e[4lZ");
        Assert.Equal("aXYZcd", s.TextOf(0));
        Assert.False(s.InsertMode);
    }

    [Fact]
    public void Rep_repeats_the_last_character()
    {
        var s = ScreenAssert.Fed("ab\e[3b");
        Assert.Equal("abbbb", s.TextOf(0));
    }

    [Fact]
    public void Sgr_colours_256_and_true_colour_semicolon_and_colon_forms()
    {
        var s = ScreenAssert.Fed("\e[38;5;196;48;2;1;2;3mA\e[38:2::10:20:30;48:5:17mB\e[38:2:7:8:9mC\e[92;104mD\e[39;49mE");
        Assert.Equal(TerminalColor.FromIndex(196), s[0, 0].Foreground);
        Assert.Equal(TerminalColor.FromRgb(1, 2, 3), s[0, 0].Background);
        Assert.Equal(TerminalColor.FromRgb(10, 20, 30), s[0, 1].Foreground);
        Assert.Equal(TerminalColor.FromIndex(17), s[0, 1].Background);
        Assert.Equal(TerminalColor.FromRgb(7, 8, 9), s[0, 2].Foreground);
        Assert.Equal(TerminalColor.FromIndex(10), s[0, 3].Foreground);
        Assert.Equal(TerminalColor.FromIndex(12), s[0, 3].Background);
        Assert.Equal(CellStyle.Default, s[0, 4].Style);
    }

    [Fact]
    public void Sgr_renditions_set_and_clear()
    {
        var s = ScreenAssert.Fed("\e[1;2;3;4;5;7;8;9mA\e[22;23;24;25;27;28;29mB\e[4mC\e[4:0mD\e[7m\e[mE");
        Assert.Equal(CellFlags.Bold | CellFlags.Dim | CellFlags.Italic | CellFlags.Underline | CellFlags.Blink
            | CellFlags.Reverse | CellFlags.Invisible | CellFlags.Strikethrough, s[0, 0].Flags);
        Assert.Equal(CellFlags.None, s[0, 1].Flags);
        Assert.Equal(CellFlags.Underline, s[0, 2].Flags);
        Assert.Equal(CellFlags.None, s[0, 3].Flags);
        Assert.Equal(CellFlags.None, s[0, 4].Flags);
    }

    [Fact]
    public void Erase_uses_the_current_background()
    {
        var s = ScreenAssert.Fed("\e[1;44mab\e[K");
        Assert.Equal(TerminalColor.FromIndex(4), s[0, 5].Background);
        Assert.Equal(CellFlags.None, s[0, 5].Flags);
    }
}
