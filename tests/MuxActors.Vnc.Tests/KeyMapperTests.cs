using System.Text;
using MuxActors.Vnc.Rfb;

namespace MuxActors.Vnc.Tests;

public sealed class KeyMapperTests
{
    private const uint Shift = 0xFFE1, Ctrl = 0xFFE3, Alt = 0xFFE9;

    [Theory]
    [InlineData(0xFF0D, "\r")]
    [InlineData(0xFF08, "\u007f")]
    [InlineData(0xFF09, "\t")]
    [InlineData(0xFF1B, "\u001b")]
    [InlineData(0xFF52, "\u001b[A")]
    [InlineData(0xFF54, "\u001b[B")]
    [InlineData(0xFF50, "\u001b[H")]
    [InlineData(0xFF57, "\u001b[F")]
    [InlineData(0xFF63, "\u001b[2~")]
    [InlineData(0xFFFF, "\u001b[3~")]
    [InlineData(0xFF55, "\u001b[5~")]
    [InlineData(0xFF56, "\u001b[6~")]
    [InlineData(0xFFBE, "\u001bOP")]
    [InlineData(0xFFC1, "\u001bOS")]
    [InlineData(0xFFC2, "\u001b[15~")]
    [InlineData(0xFFC9, "\u001b[24~")]
    [InlineData(0x61, "a")]
    [InlineData(0xE9, "é")]
    [InlineData(0x010020AC, "€")]
    [InlineData(0x0101F600, "😀")]
    [InlineData(0xFFB7, "7")]
    [InlineData(0xFE20, "\u001b[Z")]
    public void A_key_sends_what_a_terminal_sends(uint keysym, string expected) =>
        Assert.Equal(expected, Press(new KeyMapper(), keysym));

    [Fact]
    public void Modifiers_are_tracked_across_events()
    {
        var keys = new KeyMapper();
        Assert.Empty(keys.Map(true, Ctrl, false));
        Assert.Equal("\u0003", Press(keys, 'c'));
        Assert.Equal("\u001b", Press(keys, '['));
        Assert.Equal("\u001b[1;5A", Press(keys, 0xFF52));
        Assert.Empty(keys.Map(false, Ctrl, false));
        Assert.Equal("c", Press(keys, 'c'));
        keys.Map(true, Alt, false);
        Assert.Equal("\u001bx", Press(keys, 'x'));
        Assert.Equal("\u001b\r", Press(keys, 0xFF0D));
        keys.Map(false, Alt, false);
        keys.Map(true, Shift, false);
        Assert.Equal("\u001b[Z", Press(keys, 0xFF09));
        Assert.Equal("\u001b[1;2P", Press(keys, 0xFFBE));
        Assert.Equal("X", Press(keys, 'X'));                 // the viewer sends the shifted keysym itself
    }

    [Fact]
    public void Cursor_keys_follow_application_mode_and_releases_send_nothing()
    {
        var keys = new KeyMapper();
        Assert.Equal("\u001bOA", Encoding.ASCII.GetString(keys.Map(true, 0xFF52, applicationCursorKeys: true)));
        Assert.Equal("\u001bOH", Encoding.ASCII.GetString(keys.Map(true, 0xFF50, applicationCursorKeys: true)));
        Assert.Empty(keys.Map(false, 0xFF52, true));
        Assert.Empty(keys.Map(true, 0xFFE5, false));          // Caps_Lock
    }

    private static string Press(KeyMapper keys, uint keysym) => Encoding.UTF8.GetString(keys.Map(true, keysym, false));
}
