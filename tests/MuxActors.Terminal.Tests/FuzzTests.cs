namespace MuxActors.Terminal.Tests;

public class FuzzTests
{
    [Fact]
    public void Random_bytes_and_broken_sequences_never_throw_and_keep_the_invariants()
    {
        for (int seed = 0; seed < 400; seed++)
        {
            var rng = new Random(seed);
            int cols = rng.Next(2, 120), rows = rng.Next(1, 50), limit = rng.Next(0, 30);
            var screen = new Screen(cols, rows, limit);
            for (int round = 0; round < 4; round++)
            {
                RandomOutput.FeedInChunks(screen, RandomOutput.Garbage(rng, 2000), rng);
                screen.TakeDamage();
                screen.TakeReplies();
                AssertInvariants(screen, limit, $"seed {seed}");
            }
            var copy = new Screen(cols, rows, 0);
            copy.Feed(screen.Snapshot());
            ScreenAssert.SameState(screen, copy, $"seed {seed} snapshot:");
        }
    }

    [Fact]
    public void Hostile_parameters_stay_bounded()
    {
        var screen = new Screen(80, 24, 10);
        screen.Feed("\e[65535;65535H\e[65535@\e[65535P\e[65535L\e[65535M\e[65535S\e[65535T\e[65535X\e[65535b\e[65535I\e[65535Z");
        screen.Feed("\e[" + new string('9', 10_000) + "m" + "\e[" + string.Concat(Enumerable.Repeat("1;", 10_000)) + "m");
        screen.Feed("\e]2;" + new string('t', 1_000_000) + "\a\eP" + new string('d', 1_000_000) + "\e\\");
        AssertInvariants(screen, 10, "hostile");
        Assert.Equal(VtParser.MaxStringLength - 2, screen.Title!.Length);
    }

    private static void AssertInvariants(Screen s, int limit, string context)
    {
        Assert.True(s.ScrollbackCount <= limit, context);
        Assert.InRange(s.CursorRow, 0, s.Rows - 1);
        Assert.InRange(s.CursorCol, 0, s.Cols - 1);
        Assert.InRange(s.ScrollTop, 0, s.ScrollBottom);
        Assert.InRange(s.ScrollBottom, s.ScrollTop, s.Rows - 1);
        if (s.WrapPending)
            Assert.Equal(s.Cols - 1, s.CursorCol);
        for (int r = 0; r < s.Rows; r++)
        {
            ReadOnlySpan<Cell> row = s.Row(r);
            for (int c = 0; c < row.Length; c++)
            {
                if (row[c].Width == 2)
                    Assert.True(c + 1 < row.Length && row[c + 1].Width == 0, $"{context}: wide lead without continuation at {r},{c}");
                if (row[c].Width == 0)
                    Assert.True(c > 0 && row[c - 1].Width == 2, $"{context}: orphan continuation at {r},{c}");
            }
        }
    }
}
