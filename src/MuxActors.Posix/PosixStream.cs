using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using MuxActors.Posix.Interop;

namespace MuxActors.Posix;

/// <summary>
/// A full-duplex <see cref="Stream"/> over a non-blocking descriptor (pty master, tty,
/// pipe, socket, eventfd...) driven by an <see cref="FdPoller"/>. One read and one write
/// may be pending at the same time. Reads return 0 at end of stream; writes complete
/// only when every byte is written. Disposing the stream fails a pending read or write
/// at once with <see cref="ObjectDisposedException"/>: no thread is left blocked.
/// </summary>
public sealed class PosixStream : Stream
{
    private readonly FdRegistration _registration;
    private readonly EndOfStreamMode _endMode;
    private readonly bool _ownsHandle;
    private volatile bool _disposed;

    /// <summary>Wraps a descriptor, makes it non-blocking and registers it with a poller.</summary>
    /// <param name="handle">The descriptor.</param>
    /// <param name="name">A name for messages, usually the path.</param>
    /// <param name="poller">The poller; <see cref="FdPoller.Shared"/> when null.</param>
    /// <param name="ownsHandle">Whether disposing the stream closes the descriptor.</param>
    public PosixStream(SafeFileHandle handle, string? name = null, FdPoller? poller = null, bool ownsHandle = true)
        : this(handle, name, poller, ownsHandle, EndOfStreamMode.Plain)
    {
    }

    internal PosixStream(SafeFileHandle handle, string? name, FdPoller? poller, bool ownsHandle, EndOfStreamMode endMode)
    {
        ArgumentNullException.ThrowIfNull(handle);
        Name = name ?? $"fd {handle.DangerousGetHandle()}";
        Libc.SetNonBlocking(handle, Name);
        _registration = (poller ?? FdPoller.Shared).Register(handle, Name);
        Handle = handle;
        _ownsHandle = ownsHandle;
        _endMode = endMode;
    }

    /// <summary>How reads treat end of stream and hang-up errors.</summary>
    internal enum EndOfStreamMode
    {
        /// <summary>read() returning 0 is EOF; every error is thrown.</summary>
        Plain,

        /// <summary>A pty master: EIO means every slave descriptor is closed, reported as EOF.</summary>
        PtyMaster,

        /// <summary>A device: EOF, EIO, ENXIO and ENODEV mean hung up or unplugged, thrown as <see cref="IOException"/>.</summary>
        Device,
    }

    /// <summary>The descriptor.</summary>
    public SafeFileHandle Handle { get; }

    /// <summary>The name used in messages.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override bool CanRead => !_disposed;

    /// <inheritdoc/>
    public override bool CanWrite => !_disposed;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// Reads at least one byte, waiting without blocking a thread. Returns 0 at end of
    /// stream (for a pty master: every slave descriptor closed).
    /// </summary>
    /// <param name="buffer">Where to put the bytes.</param>
    /// <param name="cancellationToken">Cancels a pending wait.</param>
    /// <returns>The number of bytes read, 0 at end of stream.</returns>
    /// <exception cref="ObjectDisposedException">The stream is or was disposed while waiting.</exception>
    /// <exception cref="IOException">The read failed (the device went away, for a serial device).</exception>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (buffer.IsEmpty)
        {
            return 0;
        }
        while (true)
        {
            long version = _registration.ReadVersion;
            int result = TryRead(buffer.Span, out int errno);
            if (result > 0)
            {
                return result;
            }
            if (result == 0)
            {
                return _endMode == EndOfStreamMode.Device ? throw HungUp("read returned end of file") : 0;
            }
            switch (errno)
            {
                case Libc.EAGAIN:
                    await _registration.WaitReadableAsync(version, cancellationToken).ConfigureAwait(false);
                    ObjectDisposedException.ThrowIf(_disposed, this);
                    break;
                case Libc.EINTR:
                    break;
                case Libc.EIO when _endMode == EndOfStreamMode.PtyMaster:
                    return 0;
                case Libc.EIO or Libc.ENXIO or Libc.ENODEV when _endMode == EndOfStreamMode.Device:
                    throw HungUp(PosixException.FromErrno(errno, "read", Name).Message);
                default:
                    throw PosixException.FromErrno(errno, "read", Name);
            }
        }
    }

    /// <summary>Writes every byte, waiting for the other side to drain when the kernel buffer is full.</summary>
    /// <param name="buffer">The bytes.</param>
    /// <param name="cancellationToken">Cancels a pending wait; bytes already written stay written.</param>
    /// <returns>A task that completes when everything is written.</returns>
    /// <exception cref="ObjectDisposedException">The stream is or was disposed while waiting.</exception>
    /// <exception cref="IOException">The write failed.</exception>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        while (!buffer.IsEmpty)
        {
            long version = _registration.WriteVersion;
            int result = TryWrite(buffer.Span, out int errno);
            if (result >= 0)
            {
                buffer = buffer[result..];
                continue;
            }
            switch (errno)
            {
                case Libc.EAGAIN:
                    await _registration.WaitWritableAsync(version, cancellationToken).ConfigureAwait(false);
                    ObjectDisposedException.ThrowIf(_disposed, this);
                    break;
                case Libc.EINTR:
                    break;
                case Libc.EIO or Libc.ENXIO or Libc.ENODEV when _endMode == EndOfStreamMode.Device:
                    throw HungUp(PosixException.FromErrno(errno, "write", Name).Message);
                default:
                    throw PosixException.FromErrno(errno, "write", Name);
            }
        }
    }

    /// <summary>
    /// Writes what the descriptor takes without waiting, from the caller's thread: the bytes written, 0 when it would
    /// wait, failed or the stream is closed (a following <see cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/>
    /// reports the error). Must not overlap another write.
    /// </summary>
    public int TryWriteNow(ReadOnlySpan<byte> buffer)
    {
        if (_disposed || buffer.IsEmpty)
            return 0;
        try
        {
            return Math.Max(0, TryWrite(buffer, out _));
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Synchronous read: waits on the poller (not in read()), so Dispose still releases it.</summary>
    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count)
        => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <summary>Synchronous write: waits on the poller (not in write()), so Dispose still releases it.</summary>
    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count)
        => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <summary>Does nothing: writes go straight to the kernel.</summary>
    public override void Flush()
    {
    }

    /// <summary>Completes at once: writes go straight to the kernel.</summary>
    /// <param name="cancellationToken">Ignored.</param>
    /// <returns>A completed task.</returns>
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Fails pending operations at once, unregisters and (if owned) closes the descriptor.</summary>
    /// <param name="disposing">True from Dispose.</param>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _registration.Dispose();
            if (_ownsHandle)
            {
                // A read() in flight on another thread holds a SafeHandle reference, so the
                // close is deferred until it returns (it is non-blocking): no fd-reuse race.
                Handle.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    private unsafe int TryRead(Span<byte> buffer, out int errno)
    {
        fixed (byte* p = buffer)
        {
            nint n = Libc.Read(Handle, p, buffer.Length);
            errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
            return (int)n;
        }
    }

    private unsafe int TryWrite(ReadOnlySpan<byte> buffer, out int errno)
    {
        fixed (byte* p = buffer)
        {
            nint n = Libc.Write(Handle, p, buffer.Length);
            errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
            return (int)n;
        }
    }

    private IOException HungUp(string detail)
        => new($"Device '{Name}' hung up or was removed ({detail}).");
}
