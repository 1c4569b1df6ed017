using System.Buffers;
using System.Runtime.InteropServices;
using MuxActors.Posix.Interop;

namespace MuxActors.Posix;

/// <summary>
/// Socket receive and gathered send with system calls of our own, for sockets that .NET's event loop never sees. A
/// caller that may wait (a port's own thread) waits for the socket in poll(2) on its thread, so the peer that makes
/// data or room wakes it directly; .NET's own operations on a non-blocking socket wait through its event loop and a
/// pool thread instead, and once used they keep the socket in that loop, which then wakes for every edge of it.
/// Callers that must not wait pass a timeout of 0 and wait elsewhere (<see cref="FdPoller"/>).
/// </summary>
public static unsafe class SocketIo
{
    /// <summary>No data arrived within the timeout.</summary>
    public const int TimedOut = -1;

    private const int MaxPieces = 1024; // IOV_MAX

    /// <summary>Whether a read of <paramref name="socket"/> would return at once (data, end of stream or an error).</summary>
    public static bool IsReadable(SafeHandle socket) =>
        (Libc.PollNow(socket, Libc.POLLIN) & (Libc.POLLIN | Libc.POLLHUP | Libc.POLLERR)) != 0;

    /// <summary>
    /// Whether the peer of a connected socket has hung up both directions (POLLHUP). A unix socket tells a peer that
    /// closed from one that only shut down its write side; a TCP peer's close looks like a half-close until we write.
    /// </summary>
    public static bool IsHungUp(SafeHandle socket) => (Libc.PollNow(socket, 0) & Libc.POLLHUP) != 0;

    /// <summary>
    /// recv(2) into <paramref name="buffer"/>, waiting up to <paramref name="timeoutMilliseconds"/> (0: not at all) for data: the
    /// bytes read, 0 at end of stream, or <see cref="TimedOut"/>. Throws <see cref="PosixException"/> on errors.
    /// </summary>
    public static int Receive(SafeHandle socket, Span<byte> buffer, int timeoutMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var added = false;
        try
        {
            // The reference keeps the descriptor number from being closed, and reused by another file, mid-call.
            socket.DangerousAddRef(ref added);
            var fd = (int)socket.DangerousGetHandle();
            fixed (byte* p = buffer)
            {
                var waited = false;
                while (true)
                {
                    var n = Libc.Recv(fd, p, buffer.Length, Libc.MSG_DONTWAIT);
                    if (n >= 0)
                        return (int)n;
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Libc.EINTR)
                        continue;
                    if (errno != Libc.EAGAIN)
                        throw PosixException.FromErrno(errno, "recv", null);
                    if (waited || timeoutMilliseconds == 0)
                        return TimedOut;
                    var poll = new Libc.PollFd { Fd = fd, Events = Libc.POLLIN };
                    var ready = Libc.Poll(&poll, 1, timeoutMilliseconds);
                    if (ready < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR)
                        continue;
                    if (ready < 0)
                        throw PosixException.FromLastError("poll", null);
                    waited = ready == 0; // readable (or hung up): the next recv says which; else one last try
                }
            }
        }
        finally
        {
            if (added)
                socket.DangerousRelease();
        }
    }

    /// <summary>
    /// Sends <paramref name="data"/> in order with sendmsg(2), waiting for room as long as the socket takes some
    /// within <paramref name="timeoutMilliseconds"/> (0: not at all): returns the bytes sent, all of them unless the socket took none
    /// for that long. Throws <see cref="PosixException"/> on errors (EPIPE once the peer has gone).
    /// </summary>
    public static long Send(SafeHandle socket, IReadOnlyList<ReadOnlyMemory<byte>> data, int timeoutMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Count, MaxPieces);
        var pins = ArrayPool<MemoryHandle>.Shared.Rent(data.Count);
        var added = false;
        try
        {
            socket.DangerousAddRef(ref added);
            var fd = (int)socket.DangerousGetHandle();
            var iov = stackalloc Libc.IoVec[data.Count];
            long total = 0;
            for (var i = 0; i < data.Count; i++)
            {
                pins[i] = data[i].Pin();
                iov[i] = new Libc.IoVec { Base = (byte*)pins[i].Pointer, Length = (nuint)data[i].Length };
                total += data[i].Length;
            }
            return SendAll(fd, iov, data.Count, total, timeoutMilliseconds);
        }
        finally
        {
            for (var i = 0; i < data.Count; i++)
                pins[i].Dispose();
            ArrayPool<MemoryHandle>.Shared.Return(pins, clearArray: true);
            if (added)
                socket.DangerousRelease();
        }
    }

    private static long SendAll(int fd, Libc.IoVec* iov, int count, long total, int timeoutMilliseconds)
    {
        long sent = 0;
        var first = 0;
        while (sent < total)
        {
            var message = new Libc.MsgHdr { Iov = iov + first, IovLength = (nuint)(count - first) };
            var n = Libc.SendMsg(fd, &message, Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL);
            if (n >= 0)
            {
                sent += n;
                first = Advance(iov, count, first, n);
                continue;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.EINTR)
                continue;
            if (errno != Libc.EAGAIN)
                throw PosixException.FromErrno(errno, "sendmsg", null);
            if (timeoutMilliseconds == 0)
                return sent;
            var poll = new Libc.PollFd { Fd = fd, Events = Libc.POLLOUT };
            var ready = Libc.Poll(&poll, 1, timeoutMilliseconds);
            if (ready < 0 && Marshal.GetLastPInvokeError() != Libc.EINTR)
                throw PosixException.FromLastError("poll", null);
            if (ready == 0)
                return sent; // no room for that long: the caller decides what to do with the rest
        }
        return sent;
    }

    /// <summary>Skips <paramref name="n"/> sent bytes; returns the first piece with bytes left.</summary>
    private static int Advance(Libc.IoVec* iov, int count, int first, nint n)
    {
        while (first < count && n >= (nint)iov[first].Length)
        {
            n -= (nint)iov[first].Length;
            first++;
        }
        if (first < count && n > 0)
        {
            iov[first].Base += n;
            iov[first].Length -= (nuint)n;
        }
        return first;
    }
}
