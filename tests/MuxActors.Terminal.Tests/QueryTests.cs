using System.Text;

namespace MuxActors.Terminal.Tests;

public class QueryTests
{
    private static string[] Replies(Screen s) => s.TakeReplies().Select(r => Encoding.ASCII.GetString(r)).ToArray();

    [Theory]
    [InlineData("\e[6n", "\e[1;1R")]
    [InlineData("\e[5;10H\e[6n", "\e[5;10R")]
    [InlineData("\e[5n", "\e[0n")]
    [InlineData("\e[c", "\e[?62;22c")]
    [InlineData("\e[0c", "\e[?62;22c")]
    [InlineData("\e[>c", "\e[>1;10;0c")]
    [InlineData("\e[>0c", "\e[>1;10;0c")]
    [InlineData("\e[3;4H\e[?6n", "\e[?3;4R")]
    public void Each_query_gets_exactly_one_reply_and_draws_nothing(string query, string reply)
    {
        var s = new Screen();
        s.Feed(query);
        s.TakeDamage();
        Assert.Equal([reply], Replies(s));
        Assert.Empty(Replies(s));
        Assert.All(Enumerable.Range(0, s.Rows), r => Assert.Equal("", s.TextOf(r)));
    }

    [Fact]
    public void Cursor_report_is_relative_to_the_region_in_origin_mode()
    {
        var s = ScreenAssert.Fed("\e[5;20r\e[?6h\e[2;3H\e[6n");
        Assert.Equal(["\e[2;3R"], Replies(s));
    }

    [Fact]
    public void Cursor_report_during_a_pending_wrap_names_the_last_column()
    {
        var s = ScreenAssert.Fed(new string('x', 80) + "\e[6n");
        Assert.Equal(["\e[1;80R"], Replies(s));
    }

    [Fact]
    public void Replies_keep_their_order_and_a_flood_is_capped()
    {
        var s = ScreenAssert.Fed("\e[5n\e[6n\e[c");
        Assert.Equal(["\e[0n", "\e[1;1R", "\e[?62;22c"], Replies(s));
        s.Feed(string.Concat(Enumerable.Repeat("\e[5n", 10_000)));
        Assert.Equal(Screen.MaxPendingReplies, s.TakeReplies().Count);
        Assert.False(s.HasReplies);
    }

    [Fact]
    public void Unknown_queries_get_no_reply()
    {
        var s = ScreenAssert.Fed("\e[1c\e[=c\e[99n\e[?5n\e[>1c");
        Assert.Empty(Replies(s));
    }

    [Fact]
    public void A_query_split_across_feeds_is_answered_once()
    {
        var s = new Screen();
        s.Feed("\e["u8);
        s.Feed("6"u8);
        Assert.False(s.HasReplies);
        s.Feed("n"u8);
        Assert.Single(s.TakeReplies());
    }
}
