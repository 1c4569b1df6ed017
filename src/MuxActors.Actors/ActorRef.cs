using MuxActors.Actors.Internal;

namespace MuxActors.Actors;

/// <summary>
/// An immutable handle to an actor. The only way to talk to an actor is to <see cref="Tell"/> it a message;
/// handles stay valid across restarts and become dead letters once the actor stopped.
/// </summary>
public interface IActorRef
{
    /// <summary>The actor's path.</summary>
    ActorPath Path { get; }

    /// <summary>
    /// Enqueues <paramref name="message"/> in the actor's mailbox and returns at once. Messages from one sender
    /// to one receiver arrive in the order they were sent.
    /// </summary>
    /// <param name="message">The message; should be immutable.</param>
    /// <param name="sender">Who to reply to, available to the receiver as <c>Sender</c>; <c>null</c> for none.</param>
    void Tell(object message, IActorRef? sender = null);
}

/// <summary>Base of every actor reference the kernel creates: adds the system-message channel.</summary>
public abstract class InternalActorRef : IActorRef
{
    /// <inheritdoc />
    public abstract ActorPath Path { get; }

    /// <inheritdoc />
    public abstract void Tell(object message, IActorRef? sender = null);

    /// <summary>Delivers a kernel message (watch, stop, failure...) ahead of user messages.</summary>
    internal abstract void SendSystem(SystemMessage message);

    /// <summary>The system this reference belongs to.</summary>
    internal abstract ActorSystem System { get; }

    /// <inheritdoc />
    public override string ToString() => Path.ToString();

    internal static InternalActorRef From(IActorRef actor) =>
        actor as InternalActorRef
        ?? throw new ArgumentException($"'{actor.Path}' is not an actor reference created by MuxActors.Actors.", nameof(actor));
}
