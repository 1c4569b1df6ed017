using System.Threading.Channels;
using MuxActors.Chardevs.Common;

namespace MuxActors.Chardevs.Sinks;

/// <summary>
/// The transport of a <c>ringbuf</c>: output goes into the <see cref="RingBuffer"/> (acknowledged at once); input is
/// whatever <see cref="Inject"/> queues, read by the port's read loop so it obeys the mux's input backpressure.
/// </summary>
internal sealed class RingbufTransport(RingBuffer ring) : IPortTransport
{
    private readonly Channel<ReadOnlyMemory<byte>> _input = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleReader = true });
    private ReadOnlyMemory<byte> _pending;

    /// <inheritdoc />
    public bool CanRead => true;

    /// <summary>Queues input; it is read in order, whole when it fits one read buffer.</summary>
    public void Inject(ReadOnlyMemory<byte> data)
    {
        if (!data.IsEmpty)
            _input.Writer.TryWrite(data);
    }

    /// <inheritdoc />
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_pending.IsEmpty)
        {
            if (!await _input.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                return 0;
            _input.Reader.TryRead(out _pending);
        }
        var count = Math.Min(buffer.Length, _pending.Length);
        _pending[..count].CopyTo(buffer);
        _pending = _pending[count..];
        return count;
    }

    /// <inheritdoc />
    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ring.Write(data.Span);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _input.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
