using System.Text;
using Xunit.Abstractions;

namespace MuxActors.Terminal.Tests;

/// <summary>Runs alone: its measure is the process's managed heap, which other tests' allocations would disturb.</summary>
[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;

[Collection(nameof(MemoryMeasurement))]
public class FuzzMemoryTests(ITestOutputHelper output)
{
    private const int Cols = 80, Rows = 24, ScrollbackLines = 500;

    [Fact]
    public void A_long_fuzzed_stream_never_throws_and_memory_stays_within_the_scrollback()
    {
        var rng = new Random(16);
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        var screen = new Screen(Cols, Rows, ScrollbackLines);

        // Warm up to a full scrollback, so everything the model keeps has been allocated once.
        long lines = FeedFuzz(screen, rng, ScrollbackLines + Rows);
        FillScrollback(screen);
        long full = GC.GetTotalMemory(forceFullCollection: true);

        // Then ten times the scrollback's worth of lines more, with long OSC and DCS strings among them. ED 3 in the
        // fuzz empties the scrollback now and then, so it is filled again before measuring: both measures are taken
        // with the scrollback full.
        lines += FeedFuzz(screen, rng, 10 * ScrollbackLines);
        FillScrollback(screen);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(screen);

        Assert.True(lines >= 11 * ScrollbackLines, $"only {lines} lines fed");
        Assert.InRange(screen.ScrollbackCount, 0, ScrollbackLines);
        Assert.InRange(screen.Title?.Length ?? 0, 0, VtParser.MaxStringLength);
        // What the model may hold: two screens and the scrollback of 16-byte cells, plus array headers and the
        // parser's bounded buffers; twice that leaves room for the runtime's own noise.
        long cells = ((2L * Rows) + ScrollbackLines) * Cols * 16;
        long retained = full - baseline;
        Assert.True(retained < 2 * cells + (256 << 10), $"the model holds {retained} bytes, expected about {cells}");
        long growth = after - full;
        output.WriteLine($"{lines} lines fed; the model holds {retained} bytes (its cells: {cells}); growth after it: {growth} bytes");
        Assert.True(growth < 256 << 10, $"memory grew by {growth} bytes over {10 * ScrollbackLines} more lines");
    }

    private static void FillScrollback(Screen screen)
    {
        screen.Feed("\ec");
        for (int i = 0; i < ScrollbackLines + Rows; i++)
            screen.Feed($"line {i}\r\n");
        Assert.Equal(ScrollbackLines, screen.ScrollbackCount);
    }

    /// <summary>Feeds seeded garbage until at least <paramref name="minLines"/> line feeds went in; returns how many did.</summary>
    private static long FeedFuzz(Screen screen, Random rng, int minLines)
    {
        long lines = 0;
        while (lines < minLines)
        {
            byte[] chunk = rng.Next(20) switch
            {
                0 => LongString(rng, "\e]2;", "\a"),
                1 => LongString(rng, "\eP1$q", "\e\\"),
                2 => LongString(rng, "\e]8;;", "\e\\"),
                3 => AllByteValues(rng),
                _ => RandomOutput.Garbage(rng, 4000),
            };
            // Enough plain line feeds to scroll, with the region reset now and then so they reach the scrollback.
            byte[] feeds = Encoding.ASCII.GetBytes("\e[r\e[?1049l\e[?47l" + new string('\n', 30));
            RandomOutput.FeedInChunks(screen, chunk, rng);
            screen.Feed(feeds);
            screen.TakeDamage();
            screen.TakeReplies();
            lines += chunk.Count(b => b == '\n') + 30;
        }
        return lines;
    }

    /// <summary>An OSC or DCS string far longer than the parser keeps (up to 256 KiB).</summary>
    private static byte[] LongString(Random rng, string start, string end)
    {
        var bytes = new byte[rng.Next(10_000, 256 << 10)];
        rng.NextBytes(bytes);
        for (int i = 0; i < bytes.Length; i++)
        {
            // No ESC, CAN or SUB inside, so the string really is that long.
            if (bytes[i] is 0x1B or 0x18 or 0x1A or 0x07 or 0x9C)
                bytes[i] = (byte)'x';
        }
        return [.. Encoding.ASCII.GetBytes(start), .. bytes, .. Encoding.ASCII.GetBytes(end)];
    }

    private static byte[] AllByteValues(Random rng)
    {
        byte[] bytes = [.. Enumerable.Range(0, 256).Select(b => (byte)b)];
        rng.Shuffle(bytes);
        return bytes;
    }
}
