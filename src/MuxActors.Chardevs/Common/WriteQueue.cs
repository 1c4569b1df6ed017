namespace MuxActors.Chardevs.Common;

/// <summary>
/// A port's queue of writes, for one consumer that waits either asynchronously (the write loop) or on a thread of its
/// own (a streaming port's writer thread, which a queued write wakes directly rather than through the thread pool).
/// </summary>
internal sealed class WriteQueue
{
    private readonly object _sync = new();
    private readonly Queue<object> _items = new();
    private TaskCompletionSource<bool>? _asyncWaiter;
    private bool _threadWaiting;
    private bool _completed;

    /// <summary>Items queued and not yet taken.</summary>
    public int Count
    {
        get { lock (_sync) return _items.Count; }
    }

    /// <summary>Queues <paramref name="item"/>; false once the queue is completed.</summary>
    public bool TryAdd(object item)
    {
        TaskCompletionSource<bool>? wake;
        lock (_sync)
        {
            if (_completed)
                return false;
            _items.Enqueue(item);
            if (_threadWaiting)
                Monitor.Pulse(_sync);
            (wake, _asyncWaiter) = (_asyncWaiter, null);
        }
        wake?.TrySetResult(true);
        return true;
    }

    public bool TryTake(out object item)
    {
        lock (_sync)
            return _items.TryDequeue(out item!);
    }

    /// <summary>No more items may be queued; those queued are still taken.</summary>
    public void Complete()
    {
        TaskCompletionSource<bool>? wake;
        lock (_sync)
        {
            _completed = true;
            Monitor.PulseAll(_sync);
            (wake, _asyncWaiter) = (_asyncWaiter, null);
        }
        wake?.TrySetResult(false);
    }

    /// <summary>True when an item is queued; false once the queue is completed and empty.</summary>
    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        Task<bool> waiting;
        lock (_sync)
        {
            if (_items.Count > 0)
                return ValueTask.FromResult(true);
            if (_completed)
                return ValueTask.FromResult(false);
            waiting = (_asyncWaiter ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
        return new ValueTask<bool>(waiting.WaitAsync(cancellationToken));
    }

    /// <summary>Blocks the calling thread up to <paramref name="timeoutMilliseconds"/>; true when an item is queued.</summary>
    public bool Wait(int timeoutMilliseconds)
    {
        lock (_sync)
        {
            if (_items.Count > 0 || _completed)
                return _items.Count > 0;
            _threadWaiting = true;
            Monitor.Wait(_sync, timeoutMilliseconds);
            _threadWaiting = false;
            return _items.Count > 0;
        }
    }
}
