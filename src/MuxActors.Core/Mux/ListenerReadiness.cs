using Akka.Actor;
using MuxActors.Core.Protocol;

namespace MuxActors.Core.Mux;

/// <summary>
/// A mux's chardevs that listen and have not bound their address yet, and who waits for them: so READY=1 means a
/// client started after the service can connect (the chardevs bind in their own actors, after the mux started).
/// Used on the mux's thread only.
/// </summary>
internal sealed class ListenerReadiness
{
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly List<IActorRef> _waiting = [];

    /// <summary>Chardev <paramref name="id"/> was started and will tell when it listens.</summary>
    public void Expect(string id) => _pending.Add(id);

    /// <summary>Chardev <paramref name="id"/> listens, failed to, or is gone: it is waited for no longer.</summary>
    public void Settled(string id, IActorRef mux)
    {
        if (!_pending.Remove(id) || _pending.Count > 0)
            return;
        foreach (var waiting in _waiting)
            waiting.Tell(MuxListening.Instance, mux);
        _waiting.Clear();
    }

    /// <summary>Answers <paramref name="asker"/> now, or once the last pending chardev settled.</summary>
    public void Await(IActorRef asker, IActorRef mux)
    {
        if (_pending.Count == 0)
            asker.Tell(MuxListening.Instance, mux);
        else
            _waiting.Add(asker);
    }
}
