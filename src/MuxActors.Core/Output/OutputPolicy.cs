namespace MuxActors.Core.Output;

/// <summary>What happens to a backend that cannot keep up with the console's output.</summary>
public enum OverflowPolicy
{
    /// <summary>Lossless: the mux stops reading the frontend while this sink is high-water behind (QEMU's semantics).</summary>
    Block,

    /// <summary>The sink skips ahead to the live position; skipped bytes are counted (and optionally announced).</summary>
    Drop,

    /// <summary>Lossless while connected; a sink that stays behind for longer than the stall timeout is closed.</summary>
    Disconnect,
}

/// <summary>Output settings of one sink (a backend connection).</summary>
/// <param name="Policy">What to do when it falls behind.</param>
/// <param name="Replay">Bytes of scrollback sent when it joins (0: start at the live position).</param>
/// <param name="MarkDrops">With <see cref="OverflowPolicy.Drop"/>, send a one-line marker saying how many bytes were skipped.</param>
/// <param name="StallTimeout">With <see cref="OverflowPolicy.Disconnect"/>, how long it may stay behind.</param>
public sealed record SinkOptions(OverflowPolicy Policy, long Replay = 0, bool MarkDrops = false, TimeSpan StallTimeout = default)
{
    /// <summary>Lossless, no replay.</summary>
    public static SinkOptions Default { get; } = new(OverflowPolicy.Block, StallTimeout: TimeSpan.FromSeconds(30));
}

/// <summary>Watermarks of a mux's output log.</summary>
/// <param name="HighWater">A sink this far behind is "behind": block pauses the frontend, drop skips, disconnect starts its stall clock.</param>
/// <param name="LowWater">Block resumes the frontend once the slowest blocking sink is this close.</param>
/// <param name="Window">Bytes in flight to one sink (sent to its actor, not yet written).</param>
/// <param name="MaxLag">A disconnect sink further behind than this is closed at once, bounding memory.</param>
public sealed record OutputSettings(long HighWater, long LowWater, long Window, long MaxLag)
{
    /// <summary>256 KiB / 64 KiB watermarks, 128 KiB window, 16 MiB maximum lag.</summary>
    public static OutputSettings Default { get; } = new(256 * 1024, 64 * 1024, 128 * 1024, 16 * 1024 * 1024);

    /// <summary>Throws <see cref="ArgumentException"/> when the values contradict each other.</summary>
    public void Validate()
    {
        if (HighWater <= 0) throw new ArgumentException($"high-water must be positive (was {HighWater}).");
        if (LowWater < 0 || LowWater >= HighWater) throw new ArgumentException($"low-water ({LowWater}) must be at least 0 and below high-water ({HighWater}).");
        if (Window <= 0) throw new ArgumentException($"window must be positive (was {Window}).");
        if (MaxLag < HighWater) throw new ArgumentException($"max-lag ({MaxLag}) must not be below high-water ({HighWater}).");
    }
}
