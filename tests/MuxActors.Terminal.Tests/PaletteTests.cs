namespace MuxActors.Terminal.Tests;

public class PaletteTests
{
    [Theory]
    [InlineData(0, 0x000000u)]
    [InlineData(1, 0xCD0000u)]
    [InlineData(15, 0xFFFFFFu)]
    [InlineData(16, 0x000000u)]
    [InlineData(21, 0x0000FFu)]
    [InlineData(196, 0xFF0000u)]
    [InlineData(231, 0xFFFFFFu)]
    [InlineData(232, 0x080808u)]
    [InlineData(255, 0xEEEEEEu)]
    [InlineData(67, 0x5F87AFu)]
    public void Palette_entries(int index, uint rgb)
    {
        Assert.Equal(rgb, Palette.IndexToRgb((byte)index));
    }

    [Theory]
    [InlineData(0xFF0000u, 9)]
    [InlineData(0xC00000u, 1)]
    [InlineData(0x000000u, 0)]
    [InlineData(0xFFFFFFu, 15)]
    [InlineData(0x0000E0u, 4)]
    [InlineData(0x808080u, 8)]
    [InlineData(0x00CCCCu, 6)]
    public void Nearest_of_the_16(uint rgb, int expected)
    {
        Assert.Equal(expected, Palette.NearestAnsi16(rgb));
    }

    [Fact]
    public void Reducing_colours_to_16()
    {
        Assert.Equal(TerminalColor.FromIndex(3), Palette.ToAnsi16(TerminalColor.FromIndex(3)));
        Assert.Equal(TerminalColor.FromIndex(9), Palette.ToAnsi16(TerminalColor.FromIndex(196)));
        Assert.Equal(TerminalColor.FromIndex(2), Palette.ToAnsi16(TerminalColor.FromRgb(0, 200, 0)));
        Assert.Equal(TerminalColor.Default, Palette.ToAnsi16(TerminalColor.Default));
    }

    [Fact]
    public void Default_colours_resolve_by_role()
    {
        Assert.Equal(Palette.DefaultForeground, Palette.ToRgb(TerminalColor.Default, foreground: true));
        Assert.Equal(Palette.DefaultBackground, Palette.ToRgb(TerminalColor.Default, foreground: false));
        Assert.Equal(0x123456u, Palette.ToRgb(TerminalColor.FromRgb(0x123456), foreground: true));
    }
}
