using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using MuxActors.Posix;

namespace MuxActors.Chardevs.Common;

/// <summary>
/// A connected stream socket (unix or TCP) as a port transport, with gathered writes. Its reads and writes are system
/// calls of our own (<see cref="SocketIo"/>) that wait, when they must, on <see cref="FdPoller.Shared"/> armed only
/// for that wait, or on a port's own thread: .NET's socket operations would put the socket in .NET's event loop for
/// good, and that loop then wakes for every chunk the socket moves, even while a thread of its own serves it.
/// The socket must not have been used with .NET's asynchronous operations (connect with <see cref="SocketConnect"/>).
/// </summary>
public sealed class SocketTransport : IPortTransport
{
    private readonly bool _readable;
    private readonly FdRegistration _registration;
    private readonly List<ReadOnlyMemory<byte>> _rest = [];
    private readonly ReadOnlyMemory<byte>[] _single = new ReadOnlyMemory<byte>[1]; // one writer at a time: reused

    /// <summary>Takes over <paramref name="socket"/>; disposing the transport closes it.</summary>
    public SocketTransport(Socket socket, bool readable = true)
    {
        Socket = socket;
        _readable = readable;
        _registration = FdPoller.Shared.Register(new SafeFileHandle(socket.Handle, ownsHandle: false), "socket", armOnWait: true);
    }

    /// <summary>The socket.</summary>
    public Socket Socket { get; }

    /// <inheritdoc />
    public bool CanRead => _readable;

    /// <inheritdoc />
    public bool CanReadWaiting => _readable;

    /// <inheritdoc />
    public bool CanWriteWaiting => true;

    /// <inheritdoc />
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // a client waits once per keystroke
    public async ValueTask WaitReadableAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var version = _registration.ReadVersion;
            if (SocketIo.IsReadable(Socket.SafeHandle))
                return;
            await _registration.WaitReadableAsync(version, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public int Available()
    {
        try
        {
            return Socket.Available;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return 0; // the read that follows reports what happened
        }
    }

    /// <inheritdoc />
    public bool? PeerStillReads() => Socket.AddressFamily == AddressFamily.Unix ? !SocketIo.IsHungUp(Socket.SafeHandle) : null;

    /// <inheritdoc />
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var version = _registration.ReadVersion;
            var n = SocketIo.Receive(Socket.SafeHandle, buffer.Span, 0);
            if (n != SocketIo.TimedOut)
                return n;
            await _registration.WaitReadableAsync(version, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public int ReadWaiting(Span<byte> buffer, int timeoutMilliseconds) => SocketIo.Receive(Socket.SafeHandle, buffer, timeoutMilliseconds);

    /// <inheritdoc />
    public long WriteWaiting(IReadOnlyList<ReadOnlyMemory<byte>> data, int timeoutMilliseconds) =>
        SocketIo.Send(Socket.SafeHandle, data, timeoutMilliseconds);

    /// <inheritdoc />
    public int TryWriteNow(ReadOnlySpan<byte> data) => NonBlockingSend.Send(Socket.SafeHandle, data);

    /// <inheritdoc />
    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        // The gathered write reads the list only before its first wait (it keeps the rest in _rest), and the session
        // starts no write before the last one ended: the one-element array can be reused.
        _single[0] = data;
        return WriteAsync(_single, cancellationToken);
    }

    /// <inheritdoc />
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask WriteAsync(IReadOnlyList<ReadOnlyMemory<byte>> data, CancellationToken cancellationToken)
    {
        // One gathered send (sendmsg) for everything queued; whatever the socket did not take waits for room.
        var version = _registration.WriteVersion;
        var sent = SocketIo.Send(Socket.SafeHandle, data, 0);
        if (sent == Pieces.Total(data))
            return;
        _rest.Clear();
        _rest.AddRange(data);
        while (true)
        {
            Pieces.Trim(_rest, sent);
            if (_rest.Count == 0)
                return;
            await _registration.WaitWritableAsync(version, cancellationToken).ConfigureAwait(false);
            version = _registration.WriteVersion;
            sent = SocketIo.Send(Socket.SafeHandle, _rest, 0);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        try
        {
            Socket.Shutdown(SocketShutdown.Both); // wakes a thread of the port waiting in poll
        }
        catch (SocketException)
        {
            // already disconnected
        }
        catch (ObjectDisposedException)
        {
        }
        _registration.Dispose();
        Socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
