namespace MuxActors.Chardevs.Common;

/// <summary>
/// The device behind one port: a connected socket, a pty master, a serial device, a file. Reads and writes may run
/// concurrently (one reader, one writer); <see cref="IAsyncDisposable.DisposeAsync"/> must wake a pending read.
/// </summary>
public interface IPortTransport : IAsyncDisposable
{
    /// <summary>Whether the port reads input from its device (a log file does not).</summary>
    bool CanRead { get; }

    /// <summary>
    /// After the input ended: whether the peer still reads (it shut down only its write side), false when it is gone,
    /// null when the device cannot tell (a TCP peer's close looks like a half-close until a write finds it gone).
    /// </summary>
    bool? PeerStillReads() => false;

    /// <summary>Bytes that can be read at once, where the device can tell (FIONREAD on a socket); else 0.</summary>
    int Available() => 0;

    /// <summary>Waits until a read would return at once, where the device can tell; else returns at once.</summary>
    ValueTask WaitReadableAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Reads into <paramref name="buffer"/>; returns 0 at end of stream.</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Whether <see cref="ReadWaiting"/> works: the device can be read by a thread that waits for it.</summary>
    bool CanReadWaiting => false;

    /// <summary>
    /// Reads into <paramref name="buffer"/> on the calling thread, waiting at most <paramref name="timeoutMilliseconds"/>
    /// for data: the bytes read, 0 at end of stream, or -1 when nothing came. Disposing the transport wakes it.
    /// </summary>
    int ReadWaiting(Span<byte> buffer, int timeoutMilliseconds) => throw new NotSupportedException();

    /// <summary>Whether <see cref="WriteWaiting"/> works: the device can be written by a thread that waits for it.</summary>
    bool CanWriteWaiting => false;

    /// <summary>
    /// Writes <paramref name="data"/> in order on the calling thread, waiting for the device as long as it takes some
    /// within <paramref name="timeoutMilliseconds"/>: returns the bytes written, fewer than all only when it stalled.
    /// </summary>
    long WriteWaiting(IReadOnlyList<ReadOnlyMemory<byte>> data, int timeoutMilliseconds) => throw new NotSupportedException();

    /// <summary>Writes all of <paramref name="data"/>.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Writes several buffers in order; transports that can gather do it in one call.</summary>
    async ValueTask WriteAsync(IReadOnlyList<ReadOnlyMemory<byte>> data, CancellationToken cancellationToken)
    {
        foreach (var piece in data)
            await WriteAsync(piece, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes as much of <paramref name="data"/> as the device takes without waiting, from the caller's thread, and
    /// returns how many bytes that was: 0 when it would wait, on any error (the queued write that follows reports it),
    /// and for transports that cannot write without waiting (files, whose writes may wait on a disk).
    /// </summary>
    int TryWriteNow(ReadOnlySpan<byte> data) => 0;

    /// <summary>Sends a BREAK where the device has such a thing (serial lines, ptys); otherwise does nothing.</summary>
    ValueTask SendBreakAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called after a batch of writes (files flush on their own timer; sockets need nothing).</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
