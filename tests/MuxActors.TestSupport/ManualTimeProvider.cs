namespace MuxActors.TestSupport;

/// <summary>
/// A clock that moves only when told to (<see cref="Advance"/>), for deterministic tests of timers, backoff and
/// timeouts. Timers due during an advance fire in due order, on the advancing thread.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;
    private long _sequence;
    private readonly Awaitable _changed = new();

    /// <summary>Creates a clock starting at <paramref name="start"/> (default 2026-01-01 UTC).</summary>
    public ManualTimeProvider(DateTimeOffset? start = null) => _now = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock) return _now;
    }

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>The due times (relative to now) of every active timer, soonest first.</summary>
    public IReadOnlyList<TimeSpan> PendingTimers
    {
        get
        {
            lock (_lock)
                return _timers.Where(t => t.Due is not null).Select(t => t.Due!.Value - _now).Order().ToArray();
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due, in order.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock) target = _now + by;
        while (true)
        {
            ManualTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.Due is { } due && due <= target)
                    .OrderBy(t => t.Due).ThenBy(t => t.Sequence).FirstOrDefault();
                if (next is null)
                {
                    _now = target;
                    break;
                }
                _now = next.Due!.Value;
                next.Due = next.Period is { } p && p > TimeSpan.Zero ? _now + p : null;
            }
            next.Fire();
        }
        Pulse();
    }

    /// <summary>
    /// Waits (in real time) until <paramref name="condition"/> holds for this clock, re-checking whenever a timer
    /// is created, changed or fires. Use it to wait for an actor to schedule a timer before advancing.
    /// </summary>
    public async Task WaitForAsync(Func<ManualTimeProvider, bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        try
        {
            await _changed.UntilAsync(() => condition(this), () => "", TestTimeouts.Dilated(timeout ?? TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new WaitFailedException($"Timed out waiting for the manual clock: {what ?? "condition"}; pending timers: [{string.Join(", ", PendingTimers)}]");
        }
    }

    private void Pulse() => _changed.Pulse();

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }
        public TimeSpan? Period { get; private set; }
        public long Sequence { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                if (!owner._timers.Contains(this))
                    owner._timers.Add(this);
                Sequence = ++owner._sequence;
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
                Period = period == Timeout.InfiniteTimeSpan ? null : period;
            }
            owner.Pulse();
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._lock)
                owner._timers.Remove(this);
            owner.Pulse();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
