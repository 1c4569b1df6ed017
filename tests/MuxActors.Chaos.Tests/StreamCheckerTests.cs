using System.Text;

namespace MuxActors.Chaos.Tests;

/// <summary>The checker must catch what the suite exists to catch: a gap, a repeat and a foreign byte, each at its offset.</summary>
public sealed class StreamCheckerTests
{
    private static byte[] Stream(long from, int length)
    {
        var bytes = new byte[length];
        ChaosStream.Fill(bytes, from);
        return bytes;
    }

    [Fact]
    public void The_stream_is_exact_with_notices_between_and_within_records()
    {
        var checker = new StreamChecker("sink", gapsAllowed: false, start: 0);
        checker.Feed(Stream(0, 100));
        checker.Feed("\r\n[muxactors: console 'vm1' disconnected]\r\n"u8);
        checker.Feed(Stream(100, 1000));
        Assert.Null(checker.Finding);
        Assert.Equal(1100, checker.Position);
        Assert.Equal(1, checker.CountNotices("' disconnected"));
    }

    [Fact]
    public void A_gap_is_reported_with_its_offset()
    {
        var checker = new StreamChecker("sink", gapsAllowed: false, start: 0);
        checker.Feed(Stream(0, 100));
        checker.Feed(Stream(164, 100));
        Assert.Equal("sink: gap: 64 bytes missing at offset 100 (the next bytes are offset 164)", checker.Finding);
    }

    [Fact]
    public void A_repeat_is_reported_with_its_offset()
    {
        var checker = new StreamChecker("sink", gapsAllowed: false, start: 0);
        checker.Feed(Stream(0, 100));
        checker.Feed(Stream(40, 100));
        Assert.Equal("sink: repeat: at offset 100 came the bytes of offset 40 again", checker.Finding);
    }

    [Fact]
    public void A_foreign_byte_is_reported_with_its_offset()
    {
        var data = Stream(0, 200);
        data[150] = (byte)'x';
        var checker = new StreamChecker("sink", gapsAllowed: false, start: 0);
        checker.Feed(data);
        Assert.StartsWith("sink: foreign bytes at offset 150: 'x", checker.Finding, StringComparison.Ordinal);
    }

    [Fact]
    public void A_drop_sink_may_skip_ahead_but_never_back()
    {
        var checker = new StreamChecker("drop", gapsAllowed: true, start: null);
        checker.Feed(Stream(37, 200));
        checker.Feed(Encoding.ASCII.GetBytes("\r\n[muxactors: 5000 bytes dropped]\r\n"));
        checker.Feed(Stream(5237, 200));
        Assert.Null(checker.Finding);
        Assert.Equal((37L, 5437L, 1), (checker.First!.Value, checker.Position, checker.Skips));
        checker.Feed(Stream(1000, 200));
        Assert.Equal("drop: went back: after offset 5437 came the bytes of offset 1000", checker.Finding);
    }

    [Fact]
    public void Something_that_only_looks_like_a_notice_is_foreign()
    {
        var checker = new StreamChecker("sink", gapsAllowed: false, start: 0);
        checker.Feed(Stream(0, 20));
        checker.Feed("\r\nhello"u8);
        Assert.StartsWith("sink: foreign byte 0x68 inside what began as a notice, after offset 20", checker.Finding, StringComparison.Ordinal);
    }
}
