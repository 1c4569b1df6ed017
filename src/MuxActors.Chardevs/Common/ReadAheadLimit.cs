namespace MuxActors.Chardevs.Common;

/// <summary>
/// Bounds how far a port's read loop runs ahead of its mux: bytes count from the moment they are sent to the mux until
/// the mux confirms them with <c>DataTaken</c>. Without it a fast device fills the mux's mailbox faster than the mux
/// can decide to pause it, and a pause would take effect megabytes late.
/// </summary>
internal sealed class ReadAheadLimit(long limit)
{
    private readonly Lock _lock = new();
    private long _outstanding;
    private TaskCompletionSource? _belowLimit;

    /// <summary>Counts bytes just sent to the mux.</summary>
    public void Add(long bytes)
    {
        lock (_lock)
            _outstanding += bytes;
    }

    /// <summary>The mux has taken <paramref name="bytes"/>; wakes the read loop once below the limit.</summary>
    public void Release(long bytes)
    {
        TaskCompletionSource? wake = null;
        lock (_lock)
        {
            _outstanding = Math.Max(0, _outstanding - bytes);
            if (_outstanding < limit)
                (wake, _belowLimit) = (_belowLimit, null);
        }
        wake?.TrySetResult();
    }

    /// <summary>Completes when fewer than the limit's bytes are outstanding.</summary>
    public ValueTask WaitBelowLimitAsync(CancellationToken cancellationToken) =>
        BelowLimit() is { } waiting ? new ValueTask(waiting.WaitAsync(cancellationToken)) : ValueTask.CompletedTask;

    /// <summary>Blocks the calling thread (a port's own reader thread) until below the limit.</summary>
    public void WaitBelowLimit(CancellationToken cancellationToken) => BelowLimit()?.Wait(cancellationToken);

    /// <summary>Null when below the limit, else what completes once it is (shared by every waiter).</summary>
    private Task? BelowLimit()
    {
        lock (_lock)
        {
            if (_outstanding < limit)
                return null;
            return (_belowLimit ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }
}
