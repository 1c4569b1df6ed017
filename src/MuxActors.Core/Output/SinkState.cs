namespace MuxActors.Core.Output;

/// <summary>One sink's cursor into the output log.</summary>
public sealed class SinkState
{
    internal SinkState(SinkOptions options, long start)
    {
        Options = options;
        Sent = start;
        SkippedTo = start;
    }

    /// <summary>The sink's settings.</summary>
    public SinkOptions Options { get; }

    /// <summary>Offset of the next byte to send to it.</summary>
    public long Sent { get; internal set; }

    /// <summary>Where the sink's cursor landed after its last skip (its start if it never skipped): what it was sent since is contiguous.</summary>
    internal long SkippedTo { get; set; }

    /// <summary>Bytes sent but not yet acknowledged as written.</summary>
    public long InFlight { get; internal set; }

    /// <summary>Offset up to which the sink has acknowledged (or skipped) everything.</summary>
    public long Acked => Sent - InFlight;

    /// <summary>Bytes written to the sink's device.</summary>
    public long Delivered { get; internal set; }

    /// <summary>Bytes it skipped under the drop policy.</summary>
    public long Dropped { get; internal set; }

    /// <summary>How many times it skipped.</summary>
    public long DropEvents { get; internal set; }

    /// <summary>Since when it has been behind (disconnect policy), or <c>null</c>.</summary>
    public DateTimeOffset? BehindSince { get; internal set; }

    /// <summary>Bytes appended to the log but not yet written to this sink (skipped bytes excluded).</summary>
    public long LagBehind(long head) => head - Sent + InFlight;
}
