using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace MuxActors.Core.Dispatch;

/// <summary>
/// The mailbox of the actors that get only control messages (ports, listeners, files): a queue that holds no array
/// until it has messages and grows with them. Akka's default queue (a <c>ConcurrentQueue</c>) allocates a 32-slot
/// segment per actor, about 1 KiB; with one actor per client that is most of an idle client's mailbox cost. Its lock
/// is uncontended for these actors, whose senders are the mux and their own sessions. The muxes, which every read
/// loop and every acknowledgement reaches, keep Akka's lock-free queue (<c>mux-mailbox</c>).
/// </summary>
public sealed class CompactMailbox(Settings settings, Akka.Configuration.Config config)
    : MailboxType(settings, config), IProducesMessageQueue<CompactMessageQueue>
{
    /// <inheritdoc />
    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CompactMessageQueue();
}

/// <summary>An unbounded queue behind a lock, empty of arrays while it is empty (see <see cref="CompactMailbox"/>).</summary>
public sealed class CompactMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private const int TrimAbove = 32; // a small array is kept: dropping it would cost an allocation per message
    private readonly Queue<Envelope> _queue = new();
    private int _count;
    private int _peak; // the most messages held since the array was last trimmed

    /// <inheritdoc />
    public bool HasMessages => Volatile.Read(ref _count) > 0;

    /// <inheritdoc />
    public int Count => Volatile.Read(ref _count);

    /// <inheritdoc />
    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (_queue)
        {
            _queue.Enqueue(envelope);
            _peak = Math.Max(_peak, _queue.Count);
            Volatile.Write(ref _count, _queue.Count);
        }
    }

    /// <inheritdoc />
    public bool TryDequeue(out Envelope envelope)
    {
        lock (_queue)
        {
            if (!_queue.TryDequeue(out envelope))
                return false;
            if (_queue.Count == 0 && _peak > TrimAbove)
            {
                _queue.TrimExcess(); // an actor that had a burst gives its array back
                _peak = 0;
            }
            Volatile.Write(ref _count, _queue.Count);
            return true;
        }
    }

    /// <inheritdoc />
    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope))
            deadletters.Enqueue(owner, envelope);
    }
}
