namespace MuxActors.Terminal.Tests;

public class ModeTests
{
    [Theory]
    [InlineData("?1049")]
    [InlineData("?1047")]
    [InlineData("?47")]
    public void Alternate_screen_enter_and_leave_restores_the_main_screen(string mode)
    {
        var s = ScreenAssert.Fed("main text\r\nsecond", scrollback: 10);
        s.Feed($"\e[{mode}h");
        Assert.True(s.AlternateScreen);
        s.Feed("\e[2J\e[Halt screen\r\n" + string.Concat(Enumerable.Repeat("x\r\n", 40)));
        Assert.Equal(0, s.ScrollbackCount); // the alternate screen never feeds the scrollback
        s.Feed($"\e[{mode}l");
        Assert.False(s.AlternateScreen);
        Assert.Equal("main text", s.TextOf(0));
        Assert.Equal("second", s.TextOf(1));
    }

    [Fact]
    public void Mode_1049_saves_and_restores_the_cursor_and_clears_the_alternate_screen()
    {
        var s = ScreenAssert.Fed("\e[?1049hleft over\e[?1049l\e[5;7H\e[?1049h");
        Assert.Equal("", s.TextOf(0));
        s.Feed("\e[20;20Hxx\e[?1049l");
        ScreenAssert.Cursor(s, 4, 6);
    }

    [Fact]
    public void Mode_1049_reset_on_the_main_screen_still_restores_the_cursor()
    {
        // As xterm: the save and the restore happen whether or not the screen changes (found by the differential test).
        var s = ScreenAssert.Fed("\e[3;4H\e7\e[10;10H\e[?1049l");
        ScreenAssert.Cursor(s, 2, 3);
        s.Feed("\e[?1049h\e[5;5H\e[?1049h\e[1;1Hstill here");
        Assert.Equal("still here", s.TextOf(0)); // entering again while on the alternate screen does not clear it
        s.Feed("\e[?1049l");
        ScreenAssert.Cursor(s, 2, 3); // the main screen's saved cursor, not the one saved on the alternate screen
    }

    [Fact]
    public void Mode_1047_clears_the_alternate_screen_on_leaving_and_47_does_not()
    {
        var s = ScreenAssert.Fed("\e[?47hkept\e[?47l\e[?47h");
        Assert.Equal("kept", s.TextOf(0));
        s.Feed("\e[?47l\e[?1047h\e[?1047l\e[?47h");
        Assert.Equal("", s.TextOf(0));
    }

    [Fact]
    public void Flags_for_readers()
    {
        var s = ScreenAssert.Fed("\e[?1h\e[?2004h\e=");
        Assert.True(s.ApplicationCursorKeys);
        Assert.True(s.BracketedPaste);
        Assert.True(s.ApplicationKeypad);
        s.Feed("\e[?1l\e[?2004l\e>");
        Assert.False(s.ApplicationCursorKeys);
        Assert.False(s.BracketedPaste);
        Assert.False(s.ApplicationKeypad);
    }

    [Fact]
    public void Several_modes_in_one_sequence()
    {
        var s = ScreenAssert.Fed("\e[?1;2004;25l\e[?1;2004h");
        Assert.True(s.ApplicationCursorKeys && s.BracketedPaste);
        Assert.False(s.CursorVisible);
    }

    [Fact]
    public void Ris_resets_everything_but_the_scrollback()
    {
        var s = ScreenAssert.Fed(string.Concat(Enumerable.Repeat("x\r\n", 30)) +
            "\e[?1049h\e[2;5r\e[?6h\e[?7l\e[4h\e[?1h\e[?2004h\e[?25l\e[1;31m\e(0\e]2;t\aabc\ec", scrollback: 50);
        Assert.False(s.AlternateScreen);
        Assert.All(Enumerable.Range(0, s.Rows), r => Assert.Equal("", s.TextOf(r)));
        ScreenAssert.SameState(new Screen(), s);
        Assert.Equal(7, s.ScrollbackCount);
    }

    [Fact]
    public void Decstr_resets_modes_but_keeps_the_screen_and_cursor()
    {
        var s = ScreenAssert.Fed("text\e[2;5r\e[?6h\e[?7l\e[4h\e[?1h\e[?25l\e[1m\e[3;3H\e[!p");
        Assert.Equal("text", s.TextOf(0));
        ScreenAssert.Cursor(s, 3, 2);
        Assert.True(s.AutoWrap && s.CursorVisible);
        Assert.False(s.OriginMode || s.InsertMode || s.ApplicationCursorKeys);
        Assert.Equal((0, 23), (s.ScrollTop, s.ScrollBottom));
        Assert.Equal(CellStyle.Default, s.CurrentStyle);
    }

    [Fact]
    public void Bell_is_counted_and_reported_in_damage()
    {
        var s = ScreenAssert.Fed("a\a\ab");
        Assert.Equal(2, s.BellCount);
        Assert.Equal(2, s.TakeDamage().Bells);
        Assert.Equal(0, s.TakeDamage().Bells);
        Assert.Equal("ab", s.TextOf(0));
    }

    [Fact]
    public void Osc_title_is_recorded_and_other_strings_are_swallowed()
    {
        var s = ScreenAssert.Fed("\e]0;first\a\e]2;titlé\e\\\e]1;icon\a\e]8;;http://x\e\\\ePqdata\e\\\e_apc\e\\x");
        Assert.Equal("titlé", s.Title);
        Assert.Equal("x", s.TextOf(0));
    }

    [Fact]
    public void Decstr_forgets_the_saved_cursor()
    {
        var s = ScreenAssert.Fed("\e[5;5H\e7\e[!p\e[9;9H\e8");
        ScreenAssert.Cursor(s, 0, 0);
    }
}
