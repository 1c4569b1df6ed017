using System.Globalization;
using System.Text;
using MuxActors.Chardevs.Common;

namespace MuxActors.Chardevs.Sinks;

/// <summary>
/// A log file as a write-only port transport. Writes go into the <see cref="FileStream"/>'s buffer at once (so the
/// port acknowledges them as soon as they are handed over) and reach the file on <see cref="Flush"/>, which the file
/// actor calls on its timer, and on <see cref="DisposeAsync"/>. With timestamps, each line is prefixed when its first
/// byte is written. Writes, flushes and closing are serialized by a lock: they come from the write loop, a flush
/// task and the actor's stop.
/// </summary>
internal sealed class FileTransport : IPortTransport
{
    private readonly Lock _lock = new();
    private readonly FileStream _stream;
    private readonly TimeProvider? _timestamps;
    private bool _atLineStart;
    private bool _dirty;
    private bool _closed;

    /// <param name="stream">The open file, positioned where writing continues.</param>
    /// <param name="timestamps">The clock for line prefixes, or <c>null</c> for no timestamps.</param>
    /// <param name="atLineStart">Whether the file ends with a complete line (or is empty).</param>
    public FileTransport(FileStream stream, TimeProvider? timestamps, bool atLineStart)
    {
        _stream = stream;
        _timestamps = timestamps;
        _atLineStart = atLineStart;
    }

    /// <inheritdoc />
    public bool CanRead => false;

    /// <inheritdoc />
    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        throw new NotSupportedException("a file chardev is write-only");

    /// <inheritdoc />
    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_timestamps is null)
                _stream.Write(data.Span);
            else
                WriteWithTimestamps(data.Span, _timestamps);
            _dirty = true;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Pushes buffered output to the file (a no-op when nothing was written since the last flush).</summary>
    public void Flush()
    {
        lock (_lock)
        {
            if (_closed || !_dirty)
                return;
            _stream.Flush();
            _dirty = false;
        }
    }

    /// <summary>Flushes and closes the file; later writes fail. Safe to call more than once.</summary>
    public void Close()
    {
        lock (_lock)
        {
            if (_closed)
                return;
            _closed = true;
            try
            {
                _stream.Flush();
            }
            finally
            {
                _stream.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    private void WriteWithTimestamps(ReadOnlySpan<byte> data, TimeProvider clock)
    {
        byte[]? prefix = null; // one timestamp per write: the lines of one batch arrived together
        while (!data.IsEmpty)
        {
            if (_atLineStart)
            {
                prefix ??= Encoding.ASCII.GetBytes(clock.GetLocalNow().ToString("[yyyy-MM-dd HH:mm:ss.fff] ", CultureInfo.InvariantCulture));
                _stream.Write(prefix);
                _atLineStart = false;
            }
            var newline = data.IndexOf((byte)'\n');
            if (newline < 0)
            {
                _stream.Write(data);
                return;
            }
            _stream.Write(data[..(newline + 1)]);
            data = data[(newline + 1)..];
            _atLineStart = true;
        }
    }
}
