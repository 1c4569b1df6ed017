using System.Text;
using MuxActors.Core.MuxFe;

namespace MuxActors.Core.Tests.MuxFe;

/// <summary>The frontend mux's key state machine: what passes to the console and what becomes a command.</summary>
public sealed class EscapeKeysTests
{
    private readonly List<string> _seen = [];

    private void Feed(EscapeKeys keys, string text) =>
        keys.Feed(Encoding.Latin1.GetBytes(text), data => _seen.Add("data:" + Encoding.Latin1.GetString(data.Span)), command => _seen.Add(command.ToString()));

    [Fact]
    public void Input_without_the_escape_passes_whole_and_uncopied()
    {
        var keys = new EscapeKeys(EscapeKeys.CtrlA);
        var input = new byte[] { (byte)'l', (byte)'s', (byte)'\r' };
        ReadOnlyMemory<byte>? passed = null;
        keys.Feed(input, data => passed = data, _ => Assert.Fail("no command expected"));
        Assert.True(passed!.Value.Span == input.AsSpan()); // the same memory, not a copy
    }

    [Theory]
    [InlineData("\u0001c", "NextFocus")]
    [InlineData("\u0001b", "Break")]
    [InlineData("\u0001t", "ToggleTimestamps")]
    [InlineData("\u0001x", "Detach")]
    [InlineData("\u0001h", "Help")]
    [InlineData("\u0001?", "Help")]
    public void The_escape_then_a_command_key_is_that_command_and_nothing_reaches_the_console(string input, string command)
    {
        Feed(new EscapeKeys(EscapeKeys.CtrlA), input);
        Assert.Equal([command], _seen);
    }

    [Fact]
    public void The_escape_twice_is_one_literal_escape_and_any_other_key_is_swallowed_with_it()
    {
        Feed(new EscapeKeys(EscapeKeys.CtrlA), "ab\u0001\u0001cd\u0001zef");
        Assert.Equal(["data:ab", "data:\u0001", "data:cd", "data:ef"], _seen);
    }

    [Fact]
    public void An_escape_at_the_end_of_a_chunk_waits_for_the_next_chunk()
    {
        var keys = new EscapeKeys(EscapeKeys.CtrlA);
        Feed(keys, "ls\u0001");
        Assert.True(keys.Pending);
        Feed(keys, "cpwd");
        Assert.False(keys.Pending);
        Assert.Equal(["data:ls", "NextFocus", "data:pwd"], _seen);
    }

    [Fact]
    public void Commands_and_data_keep_their_order_in_one_chunk()
    {
        Feed(new EscapeKeys(EscapeKeys.CtrlA), "one\u0001ctwo\u0001bthree");
        Assert.Equal(["data:one", "NextFocus", "data:two", "Break", "data:three"], _seen);
    }

    [Fact]
    public void Another_escape_character_as_qemu_echr_20_is_ctrl_t_and_ctrl_a_then_passes()
    {
        var keys = new EscapeKeys(20);
        Feed(keys, "\u0001c\u0014c");
        Assert.Equal(["data:\u0001c", "NextFocus"], _seen);
        Assert.Equal("Ctrl-T", EscapeKeys.Name(20));
        Assert.Equal("Ctrl-A", EscapeKeys.Name(1));
        Assert.Equal("Ctrl-]", EscapeKeys.Name(29));
    }

    [Fact]
    public void Help_names_the_escape_and_the_focused_console()
    {
        var help = EscapeKeys.Help(EscapeKeys.CtrlA, "vm2");
        Assert.StartsWith("\r\n[muxactors: keys after Ctrl-A]\r\n", help, StringComparison.Ordinal);
        Assert.Contains("Ctrl-A c   focus the next console (now: vm2)\r\n", help, StringComparison.Ordinal);
        Assert.Contains("Ctrl-A Ctrl-A   send Ctrl-A itself\r\n", help, StringComparison.Ordinal);
    }
}
