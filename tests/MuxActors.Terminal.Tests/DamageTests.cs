using System.Text;

namespace MuxActors.Terminal.Tests;

public class DamageTests
{
    /// <summary>A renderer's copy of the screen, kept up to date only through damage.</summary>
    private sealed class ReplayingRenderer(Screen screen)
    {
        private readonly Cell[][] _picture = Enumerable.Range(0, screen.Rows).Select(r => screen.Row(r).ToArray()).ToArray();

        public void Apply(ScreenDamage damage)
        {
            foreach (ScrollMove move in damage.Scrolls)
            {
                int height = move.Bottom - move.Top + 1 - Math.Abs(move.Lines);
                if (move.Lines > 0)
                {
                    for (int r = move.Top; r < move.Top + height; r++)
                        _picture[r] = (Cell[])_picture[r + move.Lines].Clone();
                }
                else
                {
                    for (int r = move.Bottom; r > move.Bottom - height; r--)
                        _picture[r] = (Cell[])_picture[r + move.Lines].Clone();
                }
            }
            foreach (int row in damage.DirtyRows)
                _picture[row] = screen.Row(row).ToArray();
        }

        public void AssertMatches(string context)
        {
            for (int r = 0; r < screen.Rows; r++)
            {
                if (!screen.Row(r).SequenceEqual(_picture[r]))
                    Assert.Fail($"{context}: row {r} is '{screen.TextOf(r)}' on screen but stale in the picture");
            }
        }
    }

    [Fact]
    public void Printing_dirties_its_row_only()
    {
        var s = ScreenAssert.Fed("\e[5;1Hhello");
        ScreenDamage d = s.TakeDamage();
        Assert.Equal([4], d.DirtyRows);
        Assert.True(d.IsRowDirty(4));
        Assert.False(d.IsRowDirty(3));
        Assert.True(d.CursorChanged);
        Assert.Empty(d.Scrolls);
        Assert.True(s.TakeDamage().IsEmpty);
    }

    [Fact]
    public void A_full_screen_scroll_is_reported_as_a_move()
    {
        var s = new Screen(10, 5);
        s.Feed("\e[5;1H");
        s.TakeDamage();
        s.Feed("\n\nx");
        ScreenDamage d = s.TakeDamage();
        Assert.Equal([new ScrollMove(0, 4, 2)], d.Scrolls);
        Assert.Equal([3, 4], d.DirtyRows);
    }

    [Fact]
    public void Region_scrolls_and_line_insertion_are_moves_within_their_rows()
    {
        var s = new Screen(10, 6);
        s.Feed("\e[2;5r\e[5;1H");
        s.TakeDamage();
        s.Feed("\n\e[2;1H\eM");
        Assert.Equal([new ScrollMove(1, 4, 1), new ScrollMove(1, 4, -1)], s.TakeDamage().Scrolls);
        s.Feed("\e[3;1H\e[2L");
        Assert.Equal([new ScrollMove(2, 4, -2)], s.TakeDamage().Scrolls);
    }

    [Fact]
    public void Switching_screens_is_a_full_redraw()
    {
        var s = ScreenAssert.Fed("\e[?1049h");
        ScreenDamage d = s.TakeDamage();
        Assert.True(d.FullRedraw);
        Assert.Equal(24, d.DirtyRows.Count);
        Assert.Empty(d.Scrolls);
    }

    [Fact]
    public void Cursor_change_is_relative_to_the_last_take()
    {
        var s = new Screen();
        Assert.False(s.TakeDamage().CursorChanged);
        s.Feed("\e[3;3H\e[H");
        Assert.False(s.TakeDamage().CursorChanged);
        s.Feed("\e[?25l");
        Assert.True(s.TakeDamage().CursorChanged);
    }

    [Fact]
    public void Scrolling_much_more_than_a_screen_stays_cheap()
    {
        var s = new Screen(10, 5);
        s.Feed(string.Concat(Enumerable.Repeat("line\r\n", 1000)));
        ScreenDamage d = s.TakeDamage();
        Assert.True(d.Scrolls.Count <= 1);
        Assert.Equal([0, 1, 2, 3, 4], d.DirtyRows);
    }

    [Fact]
    public void Applying_moves_then_dirty_rows_reproduces_the_screen()
    {
        for (int seed = 0; seed < 200; seed++)
        {
            var rng = new Random(seed);
            int cols = rng.Next(2, 60), rows = rng.Next(1, 30);
            var screen = new Screen(cols, rows, 20);
            var renderer = new ReplayingRenderer(screen);
            for (int step = 0; step < 30; step++)
            {
                screen.Feed(Encoding.UTF8.GetBytes(RandomOutput.Realistic(rng, rng.Next(1, 30), cols, rows)));
                renderer.Apply(screen.TakeDamage());
                renderer.AssertMatches($"seed {seed} step {step}");
            }
        }
    }
}
