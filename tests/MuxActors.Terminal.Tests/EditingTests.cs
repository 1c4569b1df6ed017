namespace MuxActors.Terminal.Tests;

public class EditingTests
{
    private static Screen Lines(int count, int cols = 10, int rows = 6, int scrollback = 100)
    {
        var s = new Screen(cols, rows, scrollback);
        s.Feed(string.Join("\r\n", Enumerable.Range(0, count).Select(i => $"line{i}")));
        return s;
    }

    private static string[] Texts(Screen s) => Enumerable.Range(0, s.Rows).Select(s.TextOf).ToArray();

    [Theory]
    [InlineData("\e[J", new[] { "line0", "line1", "li", "", "", "" })]
    [InlineData("\e[0J", new[] { "line0", "line1", "li", "", "", "" })]
    [InlineData("\e[1J", new[] { "", "", "   e2", "line3", "line4", "line5" })]
    [InlineData("\e[2J", new[] { "", "", "", "", "", "" })]
    [InlineData("\e[K", new[] { "line0", "line1", "li", "line3", "line4", "line5" })]
    [InlineData("\e[1K", new[] { "line0", "line1", "   e2", "line3", "line4", "line5" })]
    [InlineData("\e[2K", new[] { "line0", "line1", "", "line3", "line4", "line5" })]
    [InlineData("\e[2X", new[] { "line0", "line1", "li  2", "line3", "line4", "line5" })]
    [InlineData("\e[2P", new[] { "line0", "line1", "li2", "line3", "line4", "line5" })]
    [InlineData("\e[2@", new[] { "line0", "line1", "li  ne2", "line3", "line4", "line5" })]
    [InlineData("\e[2L", new[] { "line0", "line1", "", "", "line2", "line3" })]
    [InlineData("\e[2M", new[] { "line0", "line1", "line4", "line5", "", "" })]
    [InlineData("\e[S", new[] { "line1", "line2", "line3", "line4", "line5", "" })]
    [InlineData("\e[2T", new[] { "", "", "line0", "line1", "line2", "line3" })]
    public void Erase_insert_delete(string op, string[] expected)
    {
        var s = Lines(6);
        s.Feed("\e[3;3H" + op);
        Assert.Equal(expected, Texts(s));
    }

    [Fact]
    public void Ed3_clears_only_the_scrollback()
    {
        var s = Lines(10);
        Assert.Equal(4, s.ScrollbackCount);
        s.Feed("\e[3J");
        Assert.Equal(0, s.ScrollbackCount);
        Assert.Equal("line9", s.TextOf(5));
    }

    [Fact]
    public void Scrolling_region_like_less()
    {
        // A pager: status line at the bottom, text scrolling above it.
        var s = Lines(6);
        s.Feed("\e[1;5r\e[5;1H\nnew\e[6;1Hstatus");
        Assert.Equal(["line1", "line2", "line3", "line4", "new", "status"], Texts(s));
        Assert.Equal(0, s.ScrollbackCount); // a partial region never feeds the scrollback
        s.Feed("\e[1;1H\eMtop");
        Assert.Equal(["top", "line1", "line2", "line3", "line4", "status"], Texts(s));
        Assert.Equal((0, 4), (s.ScrollTop, s.ScrollBottom));
    }

    [Fact]
    public void Region_scroll_su_sd_stay_inside_the_margins()
    {
        var s = Lines(6);
        s.Feed("\e[2;4r\e[S");
        Assert.Equal(["line0", "line2", "line3", "", "line4", "line5"], Texts(s));
        s.Feed("\e[2T");
        Assert.Equal(["line0", "", "", "line2", "line4", "line5"], Texts(s));
    }

    [Fact]
    public void Il_dl_outside_the_region_do_nothing()
    {
        var s = Lines(6);
        s.Feed("\e[2;4r\e[6;1H\e[L\e[M");
        Assert.Equal(["line0", "line1", "line2", "line3", "line4", "line5"], Texts(s));
    }

    [Fact]
    public void Index_below_the_region_stops_at_the_last_row()
    {
        var s = Lines(6);
        s.Feed("\e[2;3r\e[6;1H\n\n");
        ScreenAssert.Cursor(s, 5, 0);
        Assert.Equal("line0", s.TextOf(0));
    }

    [Fact]
    public void Invalid_region_is_ignored()
    {
        var s = ScreenAssert.Fed("\e[5;5r");
        Assert.Equal((0, 23), (s.ScrollTop, s.ScrollBottom));
        s.Feed("\e[5;99r");
        Assert.Equal((4, 23), (s.ScrollTop, s.ScrollBottom));
        s.Feed("\e[r");
        Assert.Equal((0, 23), (s.ScrollTop, s.ScrollBottom));
    }

    [Fact]
    public void Scrollback_keeps_lines_in_order_and_is_capped()
    {
        var s = Lines(30, scrollback: 5);
        Assert.Equal(5, s.ScrollbackCount);
        Assert.Equal(["line19", "line20", "line21", "line22", "line23"], Enumerable.Range(0, 5).Select(s.ScrollbackTextOf));
        Assert.Equal("line24", s.TextOf(0));
    }

    [Fact]
    public void Zero_scrollback_keeps_nothing()
    {
        var s = Lines(30, scrollback: 0);
        Assert.Equal(0, s.ScrollbackCount);
        Assert.Equal("line29", s.TextOf(5));
    }

    [Fact]
    public void Delete_characters_splitting_a_wide_character_blanks_it()
    {
        var s = ScreenAssert.Fed("a漢b\e[1;3H\e[P");
        Assert.Equal("a b", s.TextOf(0));
        Assert.Equal(1, s[0, 1].Width);
    }

    [Fact]
    public void Insert_characters_pushing_a_wide_character_off_the_edge_blanks_it()
    {
        var s = ScreenAssert.Fed("abcdefgh漢", cols: 10, rows: 2);
        s.Feed("\e[1;1H\e[@");
        Assert.Equal(" abcdefgh", s.TextOf(0));
        Assert.Equal(1, s[0, 9].Width);
    }

    [Fact]
    public void Decaln_fills_the_screen_with_e()
    {
        var s = ScreenAssert.Fed("\e[3;5r\e#8", cols: 4, rows: 3);
        Assert.All(Enumerable.Range(0, 3), r => Assert.Equal("EEEE", s.TextOf(r)));
        Assert.Equal((0, 2), (s.ScrollTop, s.ScrollBottom));
    }

    [Fact]
    public void Su_with_the_full_region_feeds_the_scrollback_and_dl_never_does()
    {
        var s = Lines(6, scrollback: 10);
        s.Feed("\e[2S");
        Assert.Equal(["line0", "line1"], Enumerable.Range(0, s.ScrollbackCount).Select(s.ScrollbackTextOf));
        s.Feed("\e[H\e[2M");
        Assert.Equal(2, s.ScrollbackCount);
        Assert.Equal("line4", s.TextOf(0));
    }

    [Fact]
    public void Line_feed_during_a_pending_wrap_moves_down_once()
    {
        var s = ScreenAssert.Fed(new string('x', 80) + "\ny");
        Assert.Equal(new string('x', 80), s.TextOf(0));
        Assert.Equal(new string(' ', 79) + "y", s.TextOf(1));
        Assert.Equal("", s.TextOf(2));
    }
}
