namespace MuxActors.Actors.Internal;

/// <summary>
/// Keyed timers on the system's <see cref="TimeProvider"/>. Each start gets a new generation; a tick whose
/// generation is no longer current (cancelled or replaced) is discarded when it reaches the mailbox.
/// Accessed only from the owning actor's thread of execution, except the timer callbacks, which only Tell.
/// </summary>
internal sealed class TimerScheduler(ActorCell owner) : ITimerScheduler
{
    private readonly Dictionary<object, Entry> _timers = [];
    private long _generation;

    private sealed record Entry(object Message, long Generation, bool Periodic, ITimer Timer);

    public void StartSingleTimer(object key, object message, TimeSpan delay) =>
        Start(key, message, delay, Timeout.InfiniteTimeSpan, periodic: false);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) =>
        Start(key, message, interval, interval, periodic: true);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval) =>
        Start(key, message, initialDelay, interval, periodic: true);

    private void Start(object key, object message, TimeSpan due, TimeSpan period, bool periodic)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        if (periodic && period <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(period), "A periodic timer needs a positive interval.");
        Cancel(key);
        var tick = new TimerTick(key, ++_generation);
        var self = owner.Self;
        var timer = owner.System.TimeProvider.CreateTimer(static s =>
        {
            var (target, t) = ((LocalActorRef, TimerTick))s!;
            target.Tell(t);
        }, (self, tick), due < TimeSpan.Zero ? TimeSpan.Zero : due, period);
        _timers[key] = new Entry(message, tick.Generation, periodic, timer);
    }

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var entry))
            entry.Timer.Dispose();
    }

    public void CancelAll()
    {
        foreach (var entry in _timers.Values)
            entry.Timer.Dispose();
        _timers.Clear();
    }

    /// <summary>The message to deliver for <paramref name="tick"/>, or <c>null</c> if the tick is stale.</summary>
    public object? Accept(TimerTick tick)
    {
        if (!_timers.TryGetValue(tick.Key, out var entry) || entry.Generation != tick.Generation)
            return null;
        if (!entry.Periodic)
        {
            _timers.Remove(tick.Key);
            entry.Timer.Dispose();
        }
        return entry.Message;
    }
}
