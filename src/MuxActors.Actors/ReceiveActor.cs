namespace MuxActors.Actors;

/// <summary>
/// An actor that declares typed handlers in its constructor (<see cref="Receive{T}(Action{T})"/>),
/// tried in declaration order. <see cref="Become(Action)"/> swaps in another set of handlers.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private HandlerSet _initial = new();
    private HandlerSet? _building;

    /// <summary>Creates the actor; register handlers in the derived constructor.</summary>
    protected ReceiveActor() => _building = _initial;

    /// <summary>Handles messages of type <typeparamref name="T"/>.</summary>
    protected void Receive<T>(Action<T> handler) => Current.Add(new SyncHandler<T>(handler, null));

    /// <summary>Handles messages of type <typeparamref name="T"/> that match <paramref name="shouldHandle"/>.</summary>
    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler) =>
        Current.Add(new SyncHandler<T>(handler, shouldHandle));

    /// <summary>
    /// Handles messages of type <typeparamref name="T"/> asynchronously; the mailbox is suspended until the task
    /// completes, so the handler sees no other message meanwhile.
    /// </summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler) => Current.Add(new AsyncHandler<T>(handler, null, this));

    /// <summary>Like <see cref="ReceiveAsync{T}(Func{T, Task})"/>, for messages that match <paramref name="shouldHandle"/>.</summary>
    protected void ReceiveAsync<T>(Predicate<T> shouldHandle, Func<T, Task> handler) =>
        Current.Add(new AsyncHandler<T>(handler, shouldHandle, this));

    /// <summary>Handles any message not matched by an earlier handler.</summary>
    protected void ReceiveAny(Action<object> handler) => Current.Add(new SyncHandler<object>(handler, null));

    /// <summary>Replaces the handlers with those <paramref name="configure"/> registers.</summary>
    protected void Become(Action configure)
    {
        var set = new HandlerSet();
        var previous = _building;
        _building = set;
        try { configure(); }
        finally { _building = previous; }
        Context.Become(message => Dispatch(set, message));
    }

    /// <inheritdoc />
    protected internal sealed override void OnReceive(object message) => Dispatch(_initial, message);

    private HandlerSet Current =>
        _building ?? throw new InvalidOperationException("Register handlers in the constructor or inside Become(...).");

    private void Dispatch(HandlerSet set, object message)
    {
        _building = null; // registration is over once messages flow
        if (!set.TryHandle(message))
            Unhandled(message);
    }

    internal void RunAsync(Func<Task> action) => Context.RunTask(action);

    private sealed class HandlerSet
    {
        private readonly List<Handler> _handlers = [];

        public void Add(Handler handler) => _handlers.Add(handler);

        public bool TryHandle(object message)
        {
            foreach (var handler in _handlers)
            {
                if (handler.TryHandle(message))
                    return true;
            }
            return false;
        }
    }

    private abstract class Handler
    {
        public abstract bool TryHandle(object message);
    }

    private sealed class SyncHandler<T>(Action<T> handler, Predicate<T>? shouldHandle) : Handler
    {
        public override bool TryHandle(object message)
        {
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed)))
                return false;
            handler(typed);
            return true;
        }
    }

    private sealed class AsyncHandler<T>(Func<T, Task> handler, Predicate<T>? shouldHandle, ReceiveActor owner) : Handler
    {
        public override bool TryHandle(object message)
        {
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed)))
                return false;
            owner.RunAsync(() => handler(typed));
            return true;
        }
    }
}
