using Microsoft.Extensions.Logging;
using MuxActors.Actors.Internal;

namespace MuxActors.Actors;

/// <summary>
/// Base class of every actor. An actor processes one message at a time from its mailbox; its state is touched only
/// from its own handler, so it needs no locks. Create actors with <see cref="IActorContext.ActorOf"/> or
/// <see cref="ActorSystem.ActorOf"/>, never with <c>new</c>.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;

    /// <summary>Binds the instance to the cell that is creating it.</summary>
    protected ActorBase()
    {
        _cell = ActorCell.Creating
            ?? throw new InvalidOperationException($"{GetType().Name} is an actor: create it with ActorOf(Props), not with new.");
    }

    /// <summary>The actor's context: self, sender, children, timers, watch...</summary>
    protected IActorContext Context => _cell;

    /// <summary>This actor's reference.</summary>
    protected IActorRef Self => _cell.Self;

    /// <summary>The sender of the current message, or <c>null</c>.</summary>
    protected IActorRef? Sender => _cell.Sender;

    /// <summary>The actor's logger.</summary>
    protected ILogger Log => _cell.Log;

    /// <summary>The actor's timers.</summary>
    protected ITimerScheduler Timers => _cell.Timers;

    /// <summary>The actor's stash.</summary>
    protected IStash Stash => _cell.Stash;

    /// <summary>Handles one message. Call <see cref="Unhandled"/> for a message the actor does not understand.</summary>
    protected internal abstract void OnReceive(object message);

    /// <summary>
    /// Called for messages the actor does not handle: publishes <see cref="UnhandledMessage"/>; an unhandled
    /// <see cref="Terminated"/> fails the actor with <see cref="DeathPactException"/>.
    /// </summary>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated t)
            throw new DeathPactException($"Actor '{Self.Path}' watched '{t.Actor.Path}', which stopped, and did not handle Terminated.");
        _cell.System.EventStream.Publish(new UnhandledMessage(message, Sender, Self));
    }

    /// <summary>Called once when the actor starts, before its first message (and by default after a restart).</summary>
    protected internal virtual void PreStart() { }

    /// <summary>Called once after the actor stopped, after its children stopped.</summary>
    protected internal virtual void PostStop() { }

    /// <summary>Called on the failed instance before a restart. By default stops every child and calls <see cref="PostStop"/>.</summary>
    /// <param name="reason">What failed.</param>
    /// <param name="message">The message being processed when it failed, if any; it is not redelivered.</param>
    protected internal virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.Children)
            Context.Stop(child);
        PostStop();
    }

    /// <summary>Called on the new instance after a restart. By default calls <see cref="PreStart"/>.</summary>
    protected internal virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>How this actor supervises its children. Called when a child fails; the default restarts it.</summary>
    protected internal virtual SupervisorStrategy SupervisorStrategy() => Actors.SupervisorStrategy.Default;
}
