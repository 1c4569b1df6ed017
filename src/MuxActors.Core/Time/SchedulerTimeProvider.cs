using Akka.Actor;

namespace MuxActors.Core.Time;

/// <summary>
/// A <see cref="TimeProvider"/> driven by the actor system's scheduler, so that plain code used by actors (the output
/// fan-out's stall clock, connect timeouts, a child's kill grace) runs on the same clock as the actors' timers. Under
/// Akka's <c>TestScheduler</c> it is virtual time that moves only with <c>Advance</c>.
/// </summary>
public sealed class SchedulerTimeProvider(IScheduler scheduler) : TimeProvider
{
    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => scheduler.Now;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SchedulerTimer(scheduler, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class SchedulerTimer(IScheduler scheduler, TimerCallback callback, object? state) : ITimer
    {
        private readonly Lock _gate = new();
        private Cancelable? _pending;
        private bool _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                _pending?.Cancel();
                _pending = null;
                if (_disposed)
                    return false;
                if (dueTime == Timeout.InfiniteTimeSpan)
                    return true;
                var cancelable = new Cancelable(scheduler);
                if (period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero)
                    scheduler.Advanced.ScheduleOnce(dueTime, () => Fire(cancelable), cancelable);
                else
                    scheduler.Advanced.ScheduleRepeatedly(dueTime, period, () => Fire(cancelable), cancelable);
                _pending = cancelable;
                return true;
            }
        }

        // Checked here too: Akka's TestScheduler does not honour the cancelable of a one-shot action.
        private void Fire(Cancelable cancelable)
        {
            lock (_gate)
            {
                if (_disposed || !ReferenceEquals(_pending, cancelable) || cancelable.IsCancellationRequested)
                    return;
            }
            callback(state);
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _pending?.Cancel();
                _pending = null;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>The actor system's clock as a <see cref="TimeProvider"/>.</summary>
public static class ActorSystemClock
{
    /// <summary>
    /// The clock of <paramref name="system"/>: <see cref="TimeProvider.System"/> on Akka's default scheduler, else (for
    /// example under the TestKit's <c>TestScheduler</c>) a <see cref="SchedulerTimeProvider"/> on its scheduler. Not the
    /// default scheduler itself: its one thread runs every actor timer and Ask timeout, and when the system terminates
    /// it runs every pending action at once, which would cut a child's kill grace short.
    /// </summary>
    public static TimeProvider Clock(this ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return ClockExtension.Id.Apply(system).Time;
    }

    private sealed class ClockExtension(ActorSystem system) : IExtension
    {
        public static readonly ClockId Id = new();

        public TimeProvider Time { get; } = system.Scheduler is HashedWheelTimerScheduler
            ? TimeProvider.System
            : new SchedulerTimeProvider(system.Scheduler);
    }

    private sealed class ClockId : ExtensionIdProvider<ClockExtension>
    {
        public override ClockExtension CreateExtension(ExtendedActorSystem system) => new(system);
    }
}
