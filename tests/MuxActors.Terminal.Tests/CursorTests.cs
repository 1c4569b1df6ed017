namespace MuxActors.Terminal.Tests;

public class CursorTests
{
    [Theory]
    [InlineData("\e[10;20H", 9, 19)]
    [InlineData("\e[10;20f", 9, 19)]
    [InlineData("\e[H", 0, 0)]
    [InlineData("\e[99;999H", 23, 79)]
    [InlineData("\e[10;20H\e[3A", 6, 19)]
    [InlineData("\e[10;20H\e[A", 8, 19)]
    [InlineData("\e[10;20H\e[99A", 0, 19)]
    [InlineData("\e[10;20H\e[3B", 12, 19)]
    [InlineData("\e[10;20H\e[99B", 23, 19)]
    [InlineData("\e[10;20H\e[5C", 9, 24)]
    [InlineData("\e[10;20H\e[999C", 9, 79)]
    [InlineData("\e[10;20H\e[5D", 9, 14)]
    [InlineData("\e[10;20H\e[2E", 11, 0)]
    [InlineData("\e[10;20H\e[2F", 7, 0)]
    [InlineData("\e[10;20H\e[7G", 9, 6)]
    [InlineData("\e[10;20H\e[7`", 9, 6)]
    [InlineData("\e[10;20H\e[3a", 9, 22)]
    [InlineData("\e[10;20H\e[4d", 3, 19)]
    [InlineData("\e[10;20H\e[2e", 11, 19)]
    [InlineData("\e[10;20H\b\b", 9, 17)]
    [InlineData("\b", 0, 0)]
    [InlineData("ab\r", 0, 0)]
    [InlineData("ab\n", 1, 2)]
    [InlineData("ab\v\f", 2, 2)]
    [InlineData("\e[20hab\n", 1, 0)]
    [InlineData("\e[5;5H\eE", 5, 0)]
    [InlineData("\e[5;5H\eD", 5, 4)]
    [InlineData("\e[5;5H\eM", 3, 4)]
    public void Cursor_movement(string input, int row, int col)
    {
        ScreenAssert.Cursor(ScreenAssert.Fed(input), row, col);
    }

    [Theory]
    [InlineData("\t", 8)]
    [InlineData("\t\t", 16)]
    [InlineData("abc\t", 8)]
    [InlineData("\e[1;79H\t", 79)]
    [InlineData("\e[3I", 24)]
    [InlineData("\e[1;20H\e[Z", 16)]
    [InlineData("\e[1;20H\e[2Z", 8)]
    [InlineData("\e[1;20H\e[9Z", 0)]
    [InlineData("\e[1;5H\eH\r\t", 4)]
    [InlineData("\e[1;9H\e[g\r\t", 16)]
    [InlineData("\e[3g\t", 79)]
    public void Tab_stops(string input, int col)
    {
        ScreenAssert.Cursor(ScreenAssert.Fed(input), 0, col);
    }

    [Fact]
    public void Save_and_restore_cursor_with_pen_and_charset()
    {
        var s = ScreenAssert.Fed("\e[5;6H\e[1;32m\e(0\e7\e[H\e[0m\e(Bq\e8q");
        ScreenAssert.Cursor(s, 4, 6);
        Assert.Equal("─", s[4, 5].Text);
        Assert.True(s[4, 5].Style.Has(CellFlags.Bold));
        Assert.Equal("q", s[0, 0].Text);
    }

    [Fact]
    public void Csi_s_u_and_1048_save_and_restore()
    {
        ScreenAssert.Cursor(ScreenAssert.Fed("\e[3;4H\e[s\e[H\e[u"), 2, 3);
        ScreenAssert.Cursor(ScreenAssert.Fed("\e[3;4H\e[?1048h\e[H\e[?1048l"), 2, 3);
    }

    [Fact]
    public void Restore_without_save_goes_home_with_default_pen()
    {
        var s = ScreenAssert.Fed("\e[5;5H\e[1m\e8");
        ScreenAssert.Cursor(s, 0, 0);
        Assert.Equal(CellStyle.Default, s.CurrentStyle);
    }

    [Fact]
    public void Origin_mode_addresses_within_the_region()
    {
        var s = ScreenAssert.Fed("\e[5;10r\e[?6h");
        ScreenAssert.Cursor(s, 4, 0);
        s.Feed("\e[2;3H");
        ScreenAssert.Cursor(s, 5, 2);
        s.Feed("\e[99;1H");
        ScreenAssert.Cursor(s, 9, 0);
        s.Feed("\e[3d");
        ScreenAssert.Cursor(s, 6, 0);
        s.Feed("\e[?6l");
        ScreenAssert.Cursor(s, 0, 0);
    }

    [Fact]
    public void Cuu_and_cud_stop_at_the_margins_from_inside_the_region()
    {
        var s = ScreenAssert.Fed("\e[5;10r\e[7;1H\e[99A");
        ScreenAssert.Cursor(s, 4, 0);
        s.Feed("\e[99B");
        ScreenAssert.Cursor(s, 9, 0);
        s.Feed("\e[12;1H\e[99A");
        ScreenAssert.Cursor(s, 4, 0);
        s.Feed("\e[2;1H\e[99A");
        ScreenAssert.Cursor(s, 0, 0);
    }

    [Fact]
    public void Cursor_visibility()
    {
        var s = ScreenAssert.Fed("\e[?25l");
        Assert.False(s.CursorVisible);
        s.Feed("\e[?25h");
        Assert.True(s.CursorVisible);
    }

    [Fact]
    public void Movement_cancels_a_pending_wrap()
    {
        var s = ScreenAssert.Fed(new string('x', 80) + "\e[D" + "y");
        Assert.Equal(new string('x', 78) + "yx", s.TextOf(0));
        Assert.Equal("", s.TextOf(1));
    }
}
