namespace MuxActors.Actors.Internal;

/// <summary>DeathWatch: who this actor watches, who watches it, and <see cref="Terminated"/> delivery.</summary>
internal sealed partial class ActorCell
{
    private readonly HashSet<InternalActorRef> _watching = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<InternalActorRef> _watchedBy = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<InternalActorRef> _terminatedQueued = new(ReferenceEqualityComparer.Instance);

    public IActorRef Watch(IActorRef subject)
    {
        var target = InternalActorRef.From(subject);
        if (!ReferenceEquals(target, Self) && _watching.Add(target))
            target.SendSystem(new Watch(target, Self));
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        var target = InternalActorRef.From(subject);
        if (_watching.Remove(target))
            target.SendSystem(new Unwatch(target, Self));
        _terminatedQueued.Remove(target); // a Terminated already in the mailbox is now discarded
        return subject;
    }

    private void HandleWatch(Watch watch)
    {
        if (ReferenceEquals(watch.Watchee, Self) && !ReferenceEquals(watch.Watcher, Self))
            _watchedBy.Add(watch.Watcher);
    }

    private void HandleUnwatch(Unwatch unwatch)
    {
        if (ReferenceEquals(unwatch.Watchee, Self))
            _watchedBy.Remove(unwatch.Watcher);
    }

    private void HandleDeathWatchNotification(InternalActorRef actor)
    {
        if (RemoveChild(actor))
        {
            if (_terminating && ChildCount == 0)
            {
                FinishTerminate();
                return;
            }
            if (_pendingRecreate is { } cause && ChildCount == 0)
                FinishRecreate(cause);
        }
        if (_watching.Remove(actor) && !_terminating)
        {
            _terminatedQueued.Add(actor);
            Post(new Envelope(new Terminated(actor), actor));
        }
    }

    /// <summary>True when a dequeued <see cref="Terminated"/> is still wanted (not unwatched meanwhile).</summary>
    private bool AcceptTerminated(Terminated terminated) =>
        terminated.Actor is InternalActorRef actor && _terminatedQueued.Remove(actor);

    private void NotifyWatchers()
    {
        foreach (var watcher in _watchedBy)
            watcher.SendSystem(new DeathWatchNotification(Self));
        _watchedBy.Clear();
    }

    private void UnwatchAll()
    {
        foreach (var target in _watching)
            target.SendSystem(new Unwatch(target, Self));
        _watching.Clear();
        _terminatedQueued.Clear();
    }
}
