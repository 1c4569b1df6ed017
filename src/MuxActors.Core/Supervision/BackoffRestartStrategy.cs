using System.Net.Sockets;
using Akka.Actor;
using Akka.Actor.Internal;
using Akka.Event;

namespace MuxActors.Core.Supervision;

/// <summary>What a <see cref="BackoffRestartStrategy"/> decided for a failed child, for status and events.</summary>
/// <param name="Child">The child that failed.</param>
/// <param name="Cause">Why.</param>
/// <param name="Restart">True when it will be restarted; false when it is stopped.</param>
/// <param name="Delay">How long the restart waits.</param>
public sealed record ChildFailure(IActorRef Child, Exception Cause, bool Restart, TimeSpan Delay);

/// <summary>
/// One-for-one supervision whose restarts wait an exponential backoff (<see cref="BackoffOptions"/>). The failed child
/// stays suspended during the delay: its reference stays valid and what is sent to it meanwhile waits in its mailbox,
/// which Akka's <c>BackoffSupervisor</c> (it stops the child and creates a new one) would send to dead letters. The
/// delay also covers a child whose constructor or <c>PreStart</c> throws, so a chardev that cannot start yet (a socket
/// path in use, a serial adapter not plugged in) is retried calmly instead of in a tight loop.
/// </summary>
public sealed class BackoffRestartStrategy : OneForOneStrategy
{
    private readonly BackoffOptions _options;
    private readonly Func<double> _random;
    private readonly Action<ChildFailure>? _onFailure;
    private readonly Dictionary<IActorRef, Attempts> _attempts = [];
    private readonly string _childKind;

    /// <summary>Creates the strategy.</summary>
    /// <param name="options">The delays.</param>
    /// <param name="decider">Exception to directive; a <see cref="Directive.Restart"/> waits the backoff. Default: restart
    /// on everything but an explicit <see cref="ActorKilledException"/>.</param>
    /// <param name="onFailure">Told of every decision, on the parent's thread.</param>
    /// <param name="random">Jitter source in [0, 1); default <see cref="Random.Shared"/>. Inject for deterministic tests.</param>
    /// <param name="childKind">What the children are, for the log ("Chardev", "Mux").</param>
    public BackoffRestartStrategy(BackoffOptions options, Func<Exception, Directive>? decider = null,
        Action<ChildFailure>? onFailure = null, Func<double>? random = null, string childKind = "Chardev")
        : base(-1, Timeout.InfiniteTimeSpan, decider ?? RestartUnlessKilled)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _onFailure = onFailure;
        _childKind = childKind;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>Restart whatever failed, start-up included; an explicit Kill stops.</summary>
    public static Directive RestartUnlessKilled(Exception cause) =>
        cause is ActorKilledException ? Directive.Stop : Directive.Restart;

    /// <inheritdoc />
    // Logged in ProcessFailure instead, where the delay is known.
    protected override void LogFailure(IActorContext context, IActorRef child, Exception cause, Directive directive)
    {
    }

    /// <inheritdoc />
    public override void ProcessFailure(IActorContext context, bool restart, IActorRef child, Exception cause,
        ChildRestartStats stats, IReadOnlyCollection<ChildRestartStats> children)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!restart)
        {
            if (_attempts.Remove(child, out var stopped))
                stopped.Pending.Cancel();
            Log(context, child, cause, "stopped");
            _onFailure?.Invoke(new ChildFailure(child, cause, false, TimeSpan.Zero));
            context.Stop(child);
            return;
        }
        var now = context.System.Scheduler.Now;
        var attempts = _attempts.TryGetValue(child, out var a) && now - a.RestartedAt < _options.EffectiveResetAfter
            ? a.Count
            : 0; // it ran long enough since its last restart: a fresh failure
        var delay = _options.DelayFor(attempts, _random());
        var pending = new Cancelable(context.System.Scheduler);
        _attempts[child] = new Attempts(attempts + 1, now + delay, pending);
        if (delay <= TimeSpan.Zero)
            RestartChild(child, cause, suspendFirst: false);
        else // checked in the action too: the TestKit's scheduler does not cancel one-shot actions
            context.System.Scheduler.Advanced.ScheduleOnce(delay, () =>
            {
                if (!pending.IsCancellationRequested)
                    RestartChild(child, cause, suspendFirst: false);
            }, pending);
        Log(context, child, cause, $"restarting in {delay.TotalSeconds:0.0#} s");
        _onFailure?.Invoke(new ChildFailure(child, cause, true, delay)); // after scheduling: whoever hears it may advance time
    }

    // One line naming the child when the device or the system failed (an IOException: a path in use, a port taken, a
    // device unplugged, a missing directory; a socket error; a permission): the operator's to fix, and a stack trace
    // only hides the message. Anything else is a bug and keeps its stack trace.
    private void Log(IActorContext context, IActorRef child, Exception cause, string then)
    {
        var reason = cause is ActorInitializationException { InnerException: { } inner } ? inner : cause;
        var expected = reason is IOException or SocketException or UnauthorizedAccessException;
        var message = $"{_childKind} {child.Path.Name}: {reason.Message.TrimEnd('.')}; {then}";
        context.System.EventStream.Publish(new Error(expected ? null : reason, child.Path.ToString(), GetType(), message));
    }

    /// <inheritdoc />
    public override void HandleChildTerminated(IActorContext actorContext, IActorRef child, IEnumerable<IInternalActorRef> children)
    {
        if (_attempts.Remove(child, out var attempts))
            attempts.Pending.Cancel(); // a child stopped during its delay is not restarted
    }

    private readonly record struct Attempts(int Count, DateTimeOffset RestartedAt, Cancelable Pending);
}
