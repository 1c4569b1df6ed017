using Akka.Actor;
using MuxActors.Core.Output;

namespace MuxActors.Core.Mux;

/// <summary>
/// The one timer of a mux that wakes it when a sink's stall deadline passes (<c>on-overflow = disconnect</c>,
/// <c>stall-timeout</c>). Rescheduled after every chunk, so it only touches the timer when the deadline changed.
/// </summary>
internal sealed class StallChecks(OutputFanout<IActorRef> fanout, TimeProvider time)
{
    private DateTimeOffset? _at;

    /// <summary>Sets the timer to the fan-out's next stall deadline, or cancels it when there is none.</summary>
    public void Reschedule(ITimerScheduler timers)
    {
        var deadline = fanout.NextStallDeadline;
        if (deadline == _at)
            return;
        _at = deadline;
        if (deadline is { } at)
        {
            var delay = at - time.GetUtcNow();
            timers.StartSingleTimer(StallCheck.Instance, StallCheck.Instance, delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
        }
        else
        {
            timers.Cancel(StallCheck.Instance);
        }
    }

    /// <summary>The timer fired: applies the policies of stalled sinks, then sets the next deadline.</summary>
    public void Fired(ITimerScheduler timers)
    {
        _at = null;
        fanout.CheckStalls();
        Reschedule(timers);
    }
}

/// <summary>The stall timer's message (see <see cref="StallChecks"/>).</summary>
internal sealed record StallCheck
{
    public static StallCheck Instance { get; } = new();
}
