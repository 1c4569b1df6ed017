using System.Runtime.InteropServices;

namespace MuxActors.Ctl.Terminal;

/// <summary>
/// Writes to a file descriptor with write(2). Unlike FileStream, which keeps its own offset (pwrite) on seekable files,
/// this shares the descriptor's offset, so output redirected to a file interleaves correctly with other writers.
/// </summary>
internal sealed unsafe partial class FdWriteStream(int fd) : Stream
{
    private const int EINTR = 4, EAGAIN = 11;
    private const short POLLOUT = 4;

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            var done = 0;
            while (done < buffer.Length)
            {
                var n = WriteFd(fd, start + done, buffer.Length - done);
                if (n >= 0)
                {
                    done += (int)n;
                    continue;
                }
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EAGAIN)
                    WaitWritable(); // a non-blocking descriptor that is full: wait until it drains
                else if (errno != EINTR)
                    throw new IOException($"write to descriptor {fd} failed: {Marshal.GetPInvokeErrorMessage(errno)}");
            }
        }
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span); // terminal and pipe writes are short; a stalled terminal stalls the copy, as it should
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    private void WaitWritable()
    {
        var poll = new PollFd { Fd = fd, Events = POLLOUT };
        _ = Poll(&poll, 1, -1);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteFd(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(PollFd* fds, nuint count, int timeout);
}
