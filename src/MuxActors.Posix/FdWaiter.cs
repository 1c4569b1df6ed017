using System.Threading.Tasks.Sources;

namespace MuxActors.Posix;

/// <summary>
/// The one wait of one direction of an <see cref="FdRegistration"/>, reused for every wait: a read loop waits once per
/// chunk, and a task, its cancellation closure and an async state machine for each wait were most of what a keystroke
/// allocated. Continuations run asynchronously, so completing never runs user code on the poller thread.
/// </summary>
internal sealed class FdWaiter : IValueTaskSource
{
    private static readonly Action<object?, CancellationToken> s_cancel = (state, token) => ((FdWaiter)state!).Cancelled(token);
    private readonly FdRegistration _owner;
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _cancellation;
    private CancellationToken _token;
    private int _pending; // 1 from Begin until one completion wins

    public FdWaiter(FdRegistration owner) => _owner = owner;

    /// <summary>Whether a wait is in progress (under the registration's gate).</summary>
    public bool Pending => Volatile.Read(ref _pending) == 1;

    /// <summary>Starts a wait (under the registration's gate; the previous one has been consumed).</summary>
    public ValueTask Begin()
    {
        _core.Reset();
        _token = default;
        Volatile.Write(ref _pending, 1);
        return new ValueTask(this, _core.Version);
    }

    /// <summary>Lets <paramref name="token"/> cancel the wait (under the gate, which is reentrant: a token cancelled already runs the callback at once).</summary>
    public void CancelWith(CancellationToken token)
    {
        if (!token.CanBeCanceled || !Pending) // not cancellable, or completed already (the descriptor failed to arm)
            return;
        _token = token;
        _cancellation = token.UnsafeRegister(s_cancel, this);
    }

    /// <summary>Completes the wait, once: false when it was completed already (a race with cancellation).</summary>
    public bool TryComplete(Exception? error)
    {
        if (Interlocked.Exchange(ref _pending, 0) == 0)
            return false;
        _cancellation.Unregister(); // never blocks; a callback already running finds nothing pending
        _cancellation = default;
        if (error is null)
            _core.SetResult(true);
        else
            _core.SetException(error);
        return true;
    }

    private void Cancelled(CancellationToken token)
    {
        if (!token.Equals(_token)) // a token of an earlier wait of this waiter, firing late
            return;
        _owner.Forget(this);
        TryComplete(new OperationCanceledException(token));
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
