namespace MuxActors.Actors;

/// <summary>Sent to a watcher when an actor it watches has stopped. See <see cref="IActorContext.Watch"/>.</summary>
/// <param name="Actor">The actor that stopped.</param>
public sealed record Terminated(IActorRef Actor);

/// <summary>Stops the receiving actor once every message enqueued before it has been processed.</summary>
public sealed class PoisonPill
{
    private PoisonPill() { }

    /// <summary>The single instance.</summary>
    public static PoisonPill Instance { get; } = new();
}

/// <summary>Makes the receiving actor fail with <see cref="ActorKilledException"/>; its supervisor decides what follows (stop, by default).</summary>
public sealed class Kill
{
    private Kill() { }

    /// <summary>The single instance.</summary>
    public static Kill Instance { get; } = new();
}

/// <summary>Status replies for <c>Ask</c>: a <see cref="Failure"/> completes the ask with its exception.</summary>
public static class Status
{
    /// <summary>A failed operation; an <c>Ask</c> receiving it throws <paramref name="Cause"/>.</summary>
    public sealed record Failure(Exception Cause);

    /// <summary>A successful operation with an optional result.</summary>
    public sealed record Success(object? Result);
}

/// <summary>
/// Marks messages whose loss is routine (protocol chatter racing a stop): as dead letters they are still published
/// on the event stream and counted, but not logged.
/// </summary>
public interface IDeadLetterSuppression;

/// <summary>A message that could not be delivered because its recipient has stopped.</summary>
/// <param name="Message">The undelivered message.</param>
/// <param name="Sender">Its sender, if any.</param>
/// <param name="Recipient">The stopped recipient.</param>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient);

/// <summary>Published on the event stream when an actor did not handle a message.</summary>
public sealed record UnhandledMessage(object Message, IActorRef? Sender, IActorRef Recipient);
