using MuxActors.Actors.Internal;

namespace MuxActors.Actors;

/// <summary>
/// An actor reference backed by a callback instead of a mailbox: every message is handed to the callback on the
/// sender's thread. It can watch actors (it then receives <see cref="Terminated"/>) and be watched. Used by the test
/// kit's probes and by bridges between actors and ordinary code.
/// </summary>
public sealed class FunctionRef : InternalActorRef
{
    private readonly Action<object, IActorRef?> _onMessage;
    private readonly ActorSystem _system;
    private readonly Lock _lock = new();
    private readonly HashSet<InternalActorRef> _watchedBy = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<InternalActorRef> _watching = new(ReferenceEqualityComparer.Instance);
    private bool _stopped;

    internal FunctionRef(ActorSystem system, ActorPath path, Action<object, IActorRef?> onMessage)
    {
        _system = system;
        Path = path;
        _onMessage = onMessage;
    }

    /// <inheritdoc />
    public override ActorPath Path { get; }

    internal override ActorSystem System => _system;

    /// <inheritdoc />
    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Volatile.Read(ref _stopped))
            _system.PublishDeadLetter(message, sender, this);
        else
            _onMessage(message, sender);
    }

    /// <summary>Delivers <see cref="Terminated"/> to the callback when <paramref name="subject"/> stops.</summary>
    public void Watch(IActorRef subject)
    {
        var target = From(subject);
        lock (_lock)
        {
            if (!_watching.Add(target))
                return;
        }
        target.SendSystem(new Internal.Watch(target, this));
    }

    /// <summary>Stops watching <paramref name="subject"/>.</summary>
    public void Unwatch(IActorRef subject)
    {
        var target = From(subject);
        lock (_lock)
        {
            if (!_watching.Remove(target))
                return;
        }
        target.SendSystem(new Internal.Unwatch(target, this));
    }

    /// <summary>Stops the reference: later messages become dead letters and watchers get <see cref="Terminated"/>.</summary>
    public void Stop()
    {
        InternalActorRef[] watchers;
        lock (_lock)
        {
            if (_stopped)
                return;
            _stopped = true;
            watchers = [.. _watchedBy];
            _watchedBy.Clear();
        }
        foreach (var watcher in watchers)
            watcher.SendSystem(new DeathWatchNotification(this));
    }

    internal override void SendSystem(SystemMessage message)
    {
        switch (message)
        {
            case Internal.Watch w when ReferenceEquals(w.Watchee, this):
                bool dead;
                lock (_lock)
                {
                    dead = _stopped;
                    if (!dead)
                        _watchedBy.Add(w.Watcher);
                }
                if (dead)
                    w.Watcher.SendSystem(new DeathWatchNotification(this));
                break;
            case Internal.Unwatch u when ReferenceEquals(u.Watchee, this):
                lock (_lock)
                    _watchedBy.Remove(u.Watcher);
                break;
            case DeathWatchNotification d:
                bool wanted;
                lock (_lock)
                    wanted = _watching.Remove(d.Actor);
                if (wanted)
                    Tell(new Terminated(d.Actor), d.Actor);
                break;
        }
    }
}
