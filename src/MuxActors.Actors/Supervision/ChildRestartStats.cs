namespace MuxActors.Actors;

/// <summary>Per-child bookkeeping for restart budgets and backoff, kept by the supervisor across restarts.</summary>
public sealed class ChildRestartStats
{
    private ITimer? _pendingRestart;

    /// <summary>Restarts counted in the current budget window.</summary>
    public int RestartsInWindow { get; internal set; }

    /// <summary>When the current budget window started.</summary>
    public DateTimeOffset WindowStart { get; internal set; }

    /// <summary>Consecutive backoff restarts since the last reset.</summary>
    public int BackoffAttempt { get; internal set; }

    /// <summary>When the child was last (re)started by backoff, or <c>null</c>.</summary>
    public DateTimeOffset? LastBackoffRestart { get; internal set; }

    internal void ScheduleRestart(TimeProvider time, TimeSpan delay, Action restart)
    {
        CancelPendingRestart();
        _pendingRestart = time.CreateTimer(static s => ((Action)s!)(), restart, delay, Timeout.InfiniteTimeSpan);
    }

    internal void CancelPendingRestart()
    {
        _pendingRestart?.Dispose();
        _pendingRestart = null;
    }
}
