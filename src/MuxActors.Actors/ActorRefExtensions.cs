using MuxActors.Actors.Internal;

namespace MuxActors.Actors;

/// <summary>Sends for code that feeds actors from outside the actor system.</summary>
public static class ActorRefExtensions
{
    /// <summary>
    /// Tells <paramref name="target"/> <paramref name="message"/>; if the target was idle and the caller is not itself
    /// running an actor, the target's mailbox is processed on the calling thread (up to the system's throughput
    /// budget) before this returns. Ordering and one-message-at-a-time hold as for <see cref="IActorRef.Tell"/>; what
    /// changes is the thread: an I/O loop feeding an actor saves a thread hand-off per message, at the price of
    /// waiting while the actor works. Other references are simply told.
    /// </summary>
    public static void TellAndRun(this IActorRef target, object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target is LocalActorRef local)
            local.TellAndRun(message, sender);
        else
            target.Tell(message, sender);
    }
}
