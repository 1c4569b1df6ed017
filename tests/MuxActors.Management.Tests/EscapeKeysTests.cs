using MuxActors.Ctl.Attach;

namespace MuxActors.Management.Tests;

/// <summary>The attach escape keys, without a terminal.</summary>
public sealed class EscapeKeysTests
{
    private static string Render(IEnumerable<EscapeAction> actions) =>
        string.Join("|", actions.Select(a => a.Command == EscapeCommand.Send ? Convert.ToHexString(a.Data) : a.Command.ToString()));

    [Fact]
    public void Plain_input_passes_through() =>
        Assert.Equal("616263", Render(new EscapeKeys().Feed("abc"u8)));

    [Fact]
    public void Ctrl_bracket_q_detaches_after_what_came_before() =>
        Assert.Equal("61|Detach", Render(new EscapeKeys().Feed([0x61, 0x1d, (byte)'q'])));

    [Fact]
    public void The_escape_may_arrive_in_two_reads()
    {
        var keys = new EscapeKeys();
        Assert.Equal("", Render(keys.Feed([0x1d])));
        Assert.Equal("Detach", Render(keys.Feed("q"u8)));
    }

    [Fact]
    public void Ctrl_bracket_twice_is_one_literal_and_other_keys_are_swallowed() =>
        Assert.Equal("611D62", Render(new EscapeKeys().Feed([0x61, 0x1d, 0x1d, 0x1d, (byte)'z', 0x62])));

    [Fact]
    public void Break_and_help_are_commands() =>
        Assert.Equal("Break|Help", Render(new EscapeKeys().Feed([0x1d, (byte)'b', 0x1d, (byte)'?'])));
}
