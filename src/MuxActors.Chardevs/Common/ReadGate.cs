namespace MuxActors.Chardevs.Common;

/// <summary>
/// Lets the port actor pause and resume its read loop (backpressure from the mux) without blocking a thread:
/// the loop awaits <see cref="WaitOpenAsync"/> before every read.
/// </summary>
internal sealed class ReadGate
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _closed;

    public bool IsPaused
    {
        get { lock (_lock) return _closed is not null; }
    }

    public void Pause()
    {
        lock (_lock)
            _closed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Resume()
    {
        TaskCompletionSource? open;
        lock (_lock)
        {
            open = _closed;
            _closed = null;
        }
        open?.TrySetResult();
    }

    public ValueTask WaitOpenAsync(CancellationToken cancellationToken) =>
        Closed() is { } closed ? new ValueTask(closed.WaitAsync(cancellationToken)) : ValueTask.CompletedTask;

    /// <summary>
    /// Blocks the calling thread (a port's own reader thread) while paused. It waits on the source's own task, whose
    /// completion wakes this thread directly, not through the pool.
    /// </summary>
    public void WaitOpen(CancellationToken cancellationToken) => Closed()?.Wait(cancellationToken);

    /// <summary>Null while open, else what completes on <see cref="Resume"/>.</summary>
    private Task? Closed()
    {
        lock (_lock)
            return _closed?.Task;
    }
}
