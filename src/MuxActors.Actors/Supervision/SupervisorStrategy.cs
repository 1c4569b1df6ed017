using Microsoft.Extensions.Logging;

namespace MuxActors.Actors;

/// <summary>
/// Decides what happens to a child that threw. Strategies are one-for-one: only the failing child is affected.
/// Override <see cref="ActorBase.SupervisorStrategy"/> to choose one.
/// </summary>
public abstract class SupervisorStrategy
{
    /// <summary>Creates a strategy with a decider mapping exceptions to directives (default: <see cref="DefaultDecider"/>).</summary>
    protected SupervisorStrategy(Func<Exception, Directive>? decider) => Decider = decider ?? DefaultDecider;

    /// <summary>Restart on any exception, without limit; stop on initialization failures, kills and death pacts.</summary>
    public static SupervisorStrategy Default { get; } = new OneForOneStrategy();

    /// <summary>Stop the child on any exception.</summary>
    public static SupervisorStrategy StoppingStrategy { get; } = new OneForOneStrategy(decider: static _ => Directive.Stop);

    /// <summary>Maps an exception to a directive.</summary>
    public Func<Exception, Directive> Decider { get; }

    /// <summary>Called (on the supervisor's thread) after each decision, for metrics and events.</summary>
    public Action<IActorRef, Exception, SupervisionDecision>? OnFailure { get; init; }

    /// <summary>The default mapping: stop on <see cref="ActorInitializationException"/>, <see cref="ActorKilledException"/>
    /// and <see cref="DeathPactException"/>; restart on anything else.</summary>
    public static Directive DefaultDecider(Exception cause) => cause switch
    {
        ActorInitializationException or ActorKilledException or DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>Decides for one failure, updating the child's statistics.</summary>
    public abstract SupervisionDecision Decide(ChildRestartStats stats, Exception cause, TimeProvider time);

    /// <summary>Logs the failure and the decision. Override to change the level or silence it.</summary>
    protected internal virtual void LogFailure(ILogger log, IActorRef child, Exception cause, SupervisionDecision decision)
    {
        if (decision.Directive == Directive.Escalate)
            return; // the parent above logs it
        log.LogWarning(cause, "Actor {Child} failed ({Reason}); decision: {Directive}{Delay}", child.Path, cause.Message,
            decision.Directive, decision.Delay > TimeSpan.Zero ? $" after {decision.Delay.TotalMilliseconds:0} ms" : "");
    }
}

/// <summary>
/// Applies the decider to the failing child only. Restarts are limited by a budget: at most
/// <c>maxRetries</c> restarts within <c>window</c>; one more stops the child. A negative budget is unlimited.
/// </summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="maxRetries">Restarts allowed within <paramref name="window"/>; negative for no limit, 0 to never restart.</param>
    /// <param name="window">The budget window; <c>null</c> means the budget applies over the child's whole life.</param>
    /// <param name="decider">Exception to directive; default <see cref="SupervisorStrategy.DefaultDecider"/>.</param>
    public OneForOneStrategy(int maxRetries = -1, TimeSpan? window = null, Func<Exception, Directive>? decider = null)
        : base(decider)
    {
        MaxRetries = maxRetries;
        Window = window;
    }

    /// <summary>Restarts allowed within <see cref="Window"/>; negative for no limit.</summary>
    public int MaxRetries { get; }

    /// <summary>The budget window, or <c>null</c> for the child's whole life.</summary>
    public TimeSpan? Window { get; }

    /// <inheritdoc />
    public override SupervisionDecision Decide(ChildRestartStats stats, Exception cause, TimeProvider time)
    {
        var directive = Decider(cause);
        if (directive != Directive.Restart)
            return new(directive, TimeSpan.Zero);
        return RestartBudget.TryConsume(stats, MaxRetries, Window, time)
            ? new(Directive.Restart, TimeSpan.Zero)
            : new(Directive.Stop, TimeSpan.Zero);
    }
}

internal static class RestartBudget
{
    /// <summary>Counts a restart against the budget; false when the budget is exhausted.</summary>
    public static bool TryConsume(ChildRestartStats stats, int maxRetries, TimeSpan? window, TimeProvider time)
    {
        if (maxRetries < 0)
            return true;
        var now = time.GetUtcNow();
        if (window is { } w && (stats.RestartsInWindow == 0 || now - stats.WindowStart > w))
        {
            stats.WindowStart = now;
            stats.RestartsInWindow = 0;
        }
        stats.RestartsInWindow++;
        return stats.RestartsInWindow <= maxRetries;
    }
}
