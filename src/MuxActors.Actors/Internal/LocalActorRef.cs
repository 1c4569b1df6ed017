namespace MuxActors.Actors.Internal;

/// <summary>The reference handed out for an actor living in an <see cref="ActorCell"/>.</summary>
internal sealed class LocalActorRef : InternalActorRef
{
    public LocalActorRef(ActorCell cell) => Cell = cell;

    public ActorCell Cell { get; }

    public override ActorPath Path => Cell.Path;

    internal override ActorSystem System => Cell.System;

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        Cell.Post(new Envelope(message, sender));
    }

    /// <summary>Tells, processing the mailbox on the calling thread when the actor is idle (see <see cref="ActorRefExtensions.TellAndRun"/>).</summary>
    public void TellAndRun(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        Cell.PostAndRun(new Envelope(message, sender));
    }

    internal override void SendSystem(SystemMessage message) => Cell.PostSystem(message);
}
