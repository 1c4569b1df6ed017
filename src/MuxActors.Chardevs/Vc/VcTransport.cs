using System.Threading.Channels;
using MuxActors.Chardevs.Common;
using MuxActors.Vnc.Rfb;

namespace MuxActors.Chardevs.Vc;

/// <summary>
/// The port of a <c>vc</c>: the console's output goes to the <see cref="VncConsole"/> through a <see cref="VcOutput"/>
/// (taken at once, parsed on the vc's own thread, so the vc never holds the console up); its input is what viewers
/// type, read by the port's read loop so it obeys the mux's input backpressure.
/// </summary>
internal sealed class VcTransport : IPortTransport
{
    private readonly Channel<byte[]> _input = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly VcOutput _output;
    private ReadOnlyMemory<byte> _pending;

    public VcTransport(string chardevId) => _output = new VcOutput($"vc {chardevId}", output => Console?.Feed(output));

    public VncConsole? Console { get; set; }

    public bool CanRead => true;

    /// <summary>Queues what a viewer typed.</summary>
    public void Type(byte[] bytes) => _input.Writer.TryWrite(bytes);

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_pending.IsEmpty)
        {
            if (!await _input.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                return 0;
            _input.Reader.TryRead(out var next);
            _pending = next;
        }
        int count = Math.Min(buffer.Length, _pending.Length);
        _pending[..count].CopyTo(buffer);
        _pending = _pending[count..];
        return count;
    }

    // Only when the ring is full (the parser is behind): waits for room.
    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        _output.WriteAsync(data, cancellationToken);

    // On the mux's thread: a copy into the ring, not the parse (which costs about half as much as the rest of the
    // console's way through the mux), so the chunk is acknowledged at once and the mux goes on.
    public int TryWriteNow(ReadOnlySpan<byte> data) => _output.TryWrite(data);

    public ValueTask DisposeAsync()
    {
        _input.Writer.TryComplete();
        _output.Dispose();
        return ValueTask.CompletedTask;
    }
}
