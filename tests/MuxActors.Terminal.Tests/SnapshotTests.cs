using System.Text;

namespace MuxActors.Terminal.Tests;

public class SnapshotTests
{
    private static Screen RoundTrip(Screen a)
    {
        var b = new Screen(a.Cols, a.Rows, 0);
        b.Feed(a.Snapshot());
        return b;
    }

    [Fact]
    public void Blank_screen_round_trips()
    {
        var a = new Screen();
        ScreenAssert.SameState(a, RoundTrip(a));
    }

    [Fact]
    public void Attributes_cursor_and_flags_round_trip()
    {
        var a = ScreenAssert.Fed("\e[1;31mRED\e[0m tok4242\r\n\e[38;2;1;2;3;48;5;200mtrue\e[4;7m漢\e[0m\e[?1h\e[?2004h\e[?25l\e[3;9H\e[44m");
        var b = RoundTrip(a);
        ScreenAssert.SameState(a, b);
        Assert.True(b.ApplicationCursorKeys && b.BracketedPaste && !b.CursorVisible);
    }

    [Fact]
    public void Writing_the_bottom_right_cell_does_not_scroll()
    {
        var a = new Screen(10, 3);
        a.Feed("first\e[3;1H" + new string('z', 10));
        Assert.True(a.WrapPending);
        var b = RoundTrip(a);
        ScreenAssert.SameState(a, b);
        Assert.Equal("first", b.TextOf(0));
        a.Feed("!");
        b.Feed("!");
        ScreenAssert.SameState(a, b);
    }

    [Fact]
    public void Wide_character_in_the_last_columns_with_a_pending_wrap()
    {
        var a = new Screen(10, 3);
        a.Feed("\e[3;1H" + new string('-', 8) + "漢");
        Assert.True(a.WrapPending);
        ScreenAssert.SameState(a, RoundTrip(a));
    }

    [Fact]
    public void A_cursor_saved_with_a_pending_wrap_restores_into_the_wrap()
    {
        var a = new Screen(10, 3);
        a.Feed("\e[2;1H" + new string('w', 10) + "\e7\e[H");
        var b = RoundTrip(a);
        a.Feed("\e8!");
        b.Feed("\e8!");
        ScreenAssert.SameState(a, b);
        Assert.Equal("!", b.TextOf(2));
    }

    [Fact]
    public void Region_origin_mode_and_tab_stops_round_trip()
    {
        var a = ScreenAssert.Fed("\e[3g\e[1;5H\eH\e[1;30H\eH\e[5;20r\e[?6h\e[3;4Hx\e[?7l\e[4h\e(0\x0e");
        var b = RoundTrip(a);
        ScreenAssert.SameState(a, b);
        const string more = "\r\tq\tq\e[H\e[99B\n\nend";
        a.Feed(more);
        b.Feed(more);
        ScreenAssert.SameState(a, b);
    }

    [Fact]
    public void The_alternate_screen_is_drawn_as_the_visible_screen()
    {
        var a = ScreenAssert.Fed("main\e[?1049h\e[2;2Halt");
        var b = RoundTrip(a);
        Assert.False(b.AlternateScreen);
        Assert.Equal(" alt", b.TextOf(1));
        Assert.Equal("", b.TextOf(0));
    }

    [Fact]
    public void Snapshot_is_plain_utf8_that_draws_without_scrolling()
    {
        var a = ScreenAssert.Fed(string.Concat(Enumerable.Range(0, 24).Select(i => $"\e[{i + 1};1H" + new string((char)('a' + i), 80))));
        string snapshot = Encoding.UTF8.GetString(a.Snapshot());
        Assert.StartsWith("\e[?7l", snapshot);
        var b = new Screen(80, 24, 10);
        b.Feed(snapshot);
        Assert.Equal(0, b.ScrollbackCount);
        ScreenAssert.SameState(a, b);
    }

    [Fact]
    public void Random_content_round_trips_and_both_screens_then_behave_alike()
    {
        for (int seed = 0; seed < 300; seed++)
        {
            // Twice: once continuing as is, once restoring the saved cursor first.
            foreach (string prefix in new[] { "", "\e8" })
            {
                var rng = new Random(seed);
                int cols = rng.Next(2, 100), rows = rng.Next(1, 40);
                var a = new Screen(cols, rows, 50);
                RandomOutput.FeedInChunks(a, Encoding.UTF8.GetBytes(RandomOutput.Realistic(rng, 200, cols, rows)), rng);
                var b = RoundTrip(a);
                ScreenAssert.SameState(a, b, $"seed {seed}:");
                // Tab stops, charsets, the saved cursor and modes must match too: the same input keeps the screens equal.
                byte[] more = Encoding.UTF8.GetBytes(prefix + RandomOutput.Realistic(rng, 60, cols, rows, screenSwitches: false));
                a.Feed(more);
                b.Feed(more);
                ScreenAssert.SameState(a, b, $"seed {seed} after more input '{prefix}':");
            }
        }
    }
}
