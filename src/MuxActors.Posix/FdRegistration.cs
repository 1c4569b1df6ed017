using Microsoft.Win32.SafeHandles;
using MuxActors.Posix.Interop;

namespace MuxActors.Posix;

/// <summary>
/// A descriptor registered with an <see cref="FdPoller"/>. Race-free use, per direction:
/// <code>
/// long v = registration.ReadVersion;   // 1. snapshot
/// n = read(fd, ...);                   // 2. try the syscall
/// if (EAGAIN) await registration.WaitReadableAsync(v, ct);   // 3. wait for an edge after v
/// </code>
/// An edge that happens between 1 and 3 has already moved the version, so the wait
/// returns at once and the syscall is retried; nothing can be missed. At most one reader
/// and one writer may wait at a time.
/// </summary>
public sealed class FdRegistration : IDisposable
{
    private readonly FdPoller _poller;
    private readonly object _gate = new();
    private long _readVersion;
    private long _writeVersion;
    private FdWaiter? _reader; // the wait in progress, per direction
    private FdWaiter? _writer;
    private FdWaiter? _readWaiter; // reused for every wait
    private FdWaiter? _writeWaiter;
    private Exception? _failure;

    private readonly bool _armOnWait;

    internal FdRegistration(FdPoller poller, SafeFileHandle handle, ulong token, string? name, bool armOnWait)
    {
        _poller = poller;
        _armOnWait = armOnWait;
        Handle = handle;
        Token = token;
        Name = name;
    }

    /// <summary>The registered descriptor.</summary>
    public SafeFileHandle Handle { get; }

    /// <summary>The name used in messages (usually a path), if any.</summary>
    public string? Name { get; }

    /// <summary>Counts input readiness edges (including hang-up and error); snapshot it before trying a read.</summary>
    public long ReadVersion => Volatile.Read(ref _readVersion);

    /// <summary>Counts output readiness edges (including hang-up and error); snapshot it before trying a write.</summary>
    public long WriteVersion => Volatile.Read(ref _writeVersion);

    internal ulong Token { get; }

    /// <summary>
    /// Completes when an input edge newer than <paramref name="version"/> arrives (at once if one already did).
    /// </summary>
    /// <param name="version">The <see cref="ReadVersion"/> taken before the failed read.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes on readiness; it fails with <see cref="ObjectDisposedException"/> when the registration is disposed.</returns>
    public ValueTask WaitReadableAsync(long version, CancellationToken cancellationToken = default)
        => WaitAsync(read: true, version, cancellationToken);

    /// <summary>
    /// Completes when an output edge newer than <paramref name="version"/> arrives (at once if one already did).
    /// </summary>
    /// <param name="version">The <see cref="WriteVersion"/> taken before the failed write.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes on readiness; it fails with <see cref="ObjectDisposedException"/> when the registration is disposed.</returns>
    public ValueTask WaitWritableAsync(long version, CancellationToken cancellationToken = default)
        => WaitAsync(read: false, version, cancellationToken);

    /// <summary>Removes the descriptor from the poller and fails pending waits with <see cref="ObjectDisposedException"/>. Does not close it.</summary>
    public void Dispose()
    {
        Fail(new ObjectDisposedException(Name ?? nameof(FdRegistration), "The descriptor was closed while an operation was waiting on it."));
        _poller.Unregister(this);
    }

    internal void OnEvents(uint events)
    {
        bool readable = (events & (Libc.EPOLLIN | Libc.EPOLLRDHUP | Libc.EPOLLHUP | Libc.EPOLLERR)) != 0;
        bool writable = (events & (Libc.EPOLLOUT | Libc.EPOLLHUP | Libc.EPOLLERR)) != 0;
        FdWaiter? reader = null;
        FdWaiter? writer = null;
        lock (_gate)
        {
            if (readable)
            {
                _readVersion++;
                reader = _reader;
                _reader = null;
            }
            if (writable)
            {
                _writeVersion++;
                writer = _writer;
                _writer = null;
            }
            if (_armOnWait && (_reader is not null || _writer is not null))
                Arm(); // one-shot: the other direction still waits
        }
        // Continuations run asynchronously (see WaitAsync), so this never runs user code on the poller thread.
        reader?.TryComplete(null);
        writer?.TryComplete(null);
    }

    internal void Fail(Exception error)
    {
        FdWaiter? reader;
        FdWaiter? writer;
        lock (_gate)
        {
            _failure ??= error;
            reader = _reader;
            writer = _writer;
            _reader = null;
            _writer = null;
        }
        reader?.TryComplete(_failure);
        writer?.TryComplete(_failure);
    }

    private ValueTask WaitAsync(bool read, long version, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }
        lock (_gate)
        {
            if (_failure is not null)
            {
                return ValueTask.FromException(_failure);
            }
            if ((read ? _readVersion : _writeVersion) != version)
            {
                return ValueTask.CompletedTask;
            }
            if ((read ? _reader : _writer) is not null)
            {
                throw new InvalidOperationException(
                    $"Another {(read ? "read" : "write")} is already waiting on {Name ?? "this descriptor"}; only one at a time is allowed.");
            }
            var waiter = read ? _readWaiter ??= new FdWaiter(this) : _writeWaiter ??= new FdWaiter(this);
            var wait = waiter.Begin();
            if (read)
            {
                _reader = waiter;
            }
            else
            {
                _writer = waiter;
            }
            if (_armOnWait)
                Arm();
            waiter.CancelWith(cancellationToken);
            return wait;
        }
    }

    /// <summary>Arms the one-shot watch for whoever waits now (under the gate, so arming follows the waiters).</summary>
    private void Arm()
    {
        try
        {
            _poller.Arm(this, _reader is not null, _writer is not null);
        }
        catch (Exception ex) when (ex is PosixException or ObjectDisposedException)
        {
            // The descriptor is gone or being closed: the waiters learn it from their next system call.
            var (reader, writer) = (_reader, _writer);
            (_reader, _writer) = (null, null);
            reader?.TryComplete(null);
            writer?.TryComplete(null);
        }
    }

    /// <summary>A cancelled wait is no longer the direction's wait in progress.</summary>
    internal void Forget(FdWaiter waiter)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_reader, waiter))
                _reader = null;
            else if (ReferenceEquals(_writer, waiter))
                _writer = null;
        }
    }
}
