using MuxActors.Terminal;
using MuxActors.Vnc.Rendering;

namespace MuxActors.Vnc.Tests;

public sealed class RendererTests
{
    private const uint Black = 0x000000, White = 0xE5E5E5;

    [Fact]
    public void Bold_red_is_drawn_bright_with_the_glyph_and_the_cursor_is_a_reversed_cell()
    {
        var (screen, renderer) = Make();
        screen.Feed("\u001b[1;31mA\u001b[0m");
        renderer.Render();
        AssertCell(renderer, 0, 0, 'A', fg: 0xFF0000, bg: Black);
        AssertSolid(renderer, 0, 1, White);                    // the cursor on a blank cell
        screen.Feed("\u001b[?25l");
        renderer.Render();
        AssertSolid(renderer, 0, 1, Black);                    // hidden: the cell is blank again
    }

    [Fact]
    public void Reverse_swaps_the_colours_and_underline_lights_a_row()
    {
        var (screen, renderer) = Make();
        screen.Feed("\u001b[?25l\u001b[7;32mB\u001b[0m\u001b[4mC");
        renderer.Render();
        AssertCell(renderer, 0, 0, 'B', fg: Black, bg: 0x00CD00);
        var underline = Enumerable.Range(0, 8).Select(x => renderer.Framebuffer[8 + x, 14]);
        Assert.All(underline, p => Assert.Equal(White, p));
    }

    [Fact]
    public void Only_changed_cells_are_redrawn_and_a_scroll_is_a_move()
    {
        var (screen, renderer) = Make();
        renderer.Render();
        screen.Feed("ab");
        var damage = renderer.Render();
        Assert.Equal([new CellSpan(0, 0, 3)], damage.Spans);   // a, b and the cursor's old and new cells
        Assert.Empty(damage.Moves);
        screen.Feed(string.Concat(Enumerable.Repeat("line\r\n", 30)));
        damage = renderer.Render();
        Assert.Empty(renderer.Render().Spans);
        screen.Feed("\r\nnext");
        damage = renderer.Render();
        Assert.Equal([new ScrollMove(0, 23, 1)], damage.Moves);
        Assert.Equal([22, 23], damage.Spans.Select(s => s.Row).ToArray());   // the old cursor row and the new bottom row
    }

    [Fact]
    public void Drawing_damage_by_damage_gives_the_same_picture_as_drawing_from_scratch()
    {
        var random = new Random(1616);
        string[] pieces = ["hello ", "\r\n", "\u001b[1;33m", "\u001b[0m", "\u001b[2;20r", "\u001b[r", "\u001bM", "\u001b[5;1H",
            "\u001b[2K", "\u001b[3L", "\u001b[2M", "\u001b[7m", "─┼│", "\u001b[?25l", "\u001b[?25h", "\u001b[?1049h", "\u001b[?1049l",
            "\u001b[S", "\u001b[T", "wide漢字", "\t", "\u001b[10;70H", "xxxxxxxxxxxxxxxxxxxxxxxxxx"];
        var (screen, renderer) = Make();
        for (int step = 0; step < 400; step++)
        {
            for (int i = random.Next(1, 8); i > 0; i--)
                screen.Feed(pieces[random.Next(pieces.Length)]);
            renderer.Render();
            var fresh = new ScreenRenderer(screen, TestFonts.Ascii());
            fresh.Render();
            Assert.True(fresh.Framebuffer.Pixels.AsSpan().SequenceEqual(renderer.Framebuffer.Pixels), $"pictures differ after step {step}");
        }
    }

    internal static (Screen, ScreenRenderer) Make()
    {
        var screen = new Screen(80, 24);
        return (screen, new ScreenRenderer(screen, TestFonts.Ascii()));
    }

    private static void AssertCell(ScreenRenderer renderer, int row, int col, char c, uint fg, uint bg)
    {
        byte[] glyph = TestFonts.GlyphOf(c);
        for (int y = 0; y < 16; y++)
        {
            for (int x = 0; x < 8; x++)
            {
                uint expected = (glyph[y] & (0x80 >> x)) != 0 ? fg : bg;
                Assert.Equal(expected, renderer.Framebuffer[(col * 8) + x, (row * 16) + y]);
            }
        }
    }

    private static void AssertSolid(ScreenRenderer renderer, int row, int col, uint colour)
    {
        for (int y = 0; y < 16; y++)
        {
            for (int x = 0; x < 8; x++)
                Assert.Equal(colour, renderer.Framebuffer[(col * 8) + x, (row * 16) + y]);
        }
    }
}
