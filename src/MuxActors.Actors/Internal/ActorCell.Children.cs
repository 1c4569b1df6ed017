using Microsoft.Extensions.Logging;

namespace MuxActors.Actors.Internal;

/// <summary>Children: creation, naming, supervision decisions and their restart statistics.</summary>
internal sealed partial class ActorCell
{
    private readonly Lock _childrenLock = new();
    private readonly Dictionary<string, ChildEntry> _children = new(StringComparer.Ordinal);
    private long _nextChildId;

    private sealed class ChildEntry(ActorCell cell)
    {
        public ActorCell Cell { get; } = cell;
        public ChildRestartStats Stats { get; } = new();
    }

    public int ChildCount
    {
        get { lock (_childrenLock) return _children.Count; }
    }

    public IReadOnlyCollection<IActorRef> Children
    {
        get
        {
            lock (_childrenLock)
                return _children.Values.Select(c => (IActorRef)c.Cell.Self).ToArray();
        }
    }

    private LocalActorRef[] ChildrenSnapshot()
    {
        lock (_childrenLock)
            return _children.Values.Select(c => c.Cell.Self).ToArray();
    }

    public IActorRef? Child(string name)
    {
        lock (_childrenLock)
            return _children.TryGetValue(name, out var entry) ? entry.Cell.Self : null;
    }

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        ActorCell cell;
        lock (_childrenLock)
        {
            if (_terminating || _dead)
                throw new InvalidOperationException($"Cannot create a child of '{Path}': it is stopping.");
            ActorPath path;
            if (name is null)
            {
                name = "$" + (++_nextChildId).ToString(global::System.Globalization.CultureInfo.InvariantCulture);
                path = Path.ChildUnchecked(name);
            }
            else
            {
                path = Path.Child(name);
            }
            if (_children.ContainsKey(name))
                throw new InvalidActorNameException($"Actor name '{name}' is not unique under '{Path}'.");
            cell = new ActorCell(System, props, path, this);
            _children.Add(name, new ChildEntry(cell));
        }
        cell.Start();
        return cell.Self;
    }

    public void Stop(IActorRef actor) => InternalActorRef.From(actor).SendSystem(Terminate.Instance);

    private ChildEntry? FindChild(InternalActorRef child)
    {
        lock (_childrenLock)
        {
            return _children.TryGetValue(child.Path.Name, out var entry) && ReferenceEquals(entry.Cell.Self, child)
                ? entry : null;
        }
    }

    private bool RemoveChild(InternalActorRef child)
    {
        lock (_childrenLock)
        {
            if (!_children.TryGetValue(child.Path.Name, out var entry) || !ReferenceEquals(entry.Cell.Self, child))
                return false;
            entry.Stats.CancelPendingRestart();
            _children.Remove(child.Path.Name);
            return true;
        }
    }

    private void DisposeChildTimers()
    {
        lock (_childrenLock)
        {
            foreach (var entry in _children.Values)
                entry.Stats.CancelPendingRestart();
        }
    }

    private void HandleChildFailed(InternalActorRef child, Exception cause)
    {
        var entry = FindChild(child);
        if (entry is null || _terminating)
            return; // stale report from a child that is already gone, or we are stopping anyway
        SupervisorStrategy strategy;
        try
        {
            strategy = _actor?.SupervisorStrategy() ?? SupervisorStrategy.Default;
        }
        catch (Exception ex)
        {
            Log.LogError(ex, "SupervisorStrategy() of {Path} threw; using the default", Path);
            strategy = SupervisorStrategy.Default;
        }
        var decision = strategy.Decide(entry.Stats, cause, System.TimeProvider);
        strategy.LogFailure(Log, child, cause, decision);
        strategy.OnFailure?.Invoke(child, cause, decision);
        switch (decision.Directive)
        {
            case Directive.Resume:
                child.SendSystem(Resume.Instance);
                break;
            case Directive.Restart when decision.Delay > TimeSpan.Zero:
                entry.Stats.ScheduleRestart(System.TimeProvider, decision.Delay, () => child.SendSystem(new Recreate(cause)));
                break;
            case Directive.Restart:
                child.SendSystem(new Recreate(cause));
                break;
            case Directive.Stop:
                child.SendSystem(Terminate.Instance);
                break;
            case Directive.Escalate:
                HandleInvokeFailure(cause);
                break;
        }
    }
}
