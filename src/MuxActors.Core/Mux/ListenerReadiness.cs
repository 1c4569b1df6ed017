using Akka.Actor;
using MuxActors.Core.Protocol;

namespace MuxActors.Core.Mux;

/// <summary>
/// A mux's chardev actors that listen and have not bound their address yet, and who waits for them: so READY=1 means
/// a client started after the service can connect (the chardevs bind in their own actors, after the mux started).
/// Keyed by actor, not id: a late message from a chardev being replaced must not settle its replacement. Used on the
/// mux's thread only.
/// </summary>
internal sealed class ListenerReadiness
{
    private readonly HashSet<IActorRef> _pending = [];
    private readonly List<IActorRef> _waiting = [];

    /// <summary>Chardev actor <paramref name="chardev"/> was started and will tell when it listens.</summary>
    public void Expect(IActorRef chardev) => _pending.Add(chardev);

    /// <summary><paramref name="chardev"/> listens, failed to, or stopped: it is waited for no longer.</summary>
    public void Settled(IActorRef? chardev, IActorRef mux)
    {
        if (chardev is null || !_pending.Remove(chardev) || _pending.Count > 0)
            return;
        Release(mux);
    }

    /// <summary>Answers <paramref name="asker"/> now, or once the last pending chardev settled.</summary>
    public void Await(IActorRef asker, IActorRef mux)
    {
        if (_pending.Count == 0)
            asker.Tell(MuxListening.Instance, mux);
        else
            _waiting.Add(asker);
    }

    /// <summary>Asks again, on behalf of everyone waiting, of the mux's next incarnation (it restarts).</summary>
    public void HandOver(IActorRef mux)
    {
        foreach (var waiting in _waiting)
            mux.Tell(AwaitListening.Instance, waiting);
        _waiting.Clear();
    }

    /// <summary>Answers everyone waiting (the mux stopped: there is nothing left to wait for).</summary>
    public void Release(IActorRef mux)
    {
        foreach (var waiting in _waiting)
            waiting.Tell(MuxListening.Instance, mux);
        _waiting.Clear();
    }
}
