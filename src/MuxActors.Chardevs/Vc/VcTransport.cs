using System.Threading.Channels;
using MuxActors.Chardevs.Common;
using MuxActors.Vnc.Rfb;

namespace MuxActors.Chardevs.Vc;

/// <summary>
/// The port of a <c>vc</c>: the console's output is fed to the <see cref="VncConsole"/> (taken at once, so the vc
/// never holds the console up); its input is what viewers type, read by the port's read loop so it obeys the mux's
/// input backpressure.
/// </summary>
internal sealed class VcTransport : IPortTransport
{
    private readonly Channel<byte[]> _input = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private ReadOnlyMemory<byte> _pending;

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

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        Console?.Feed(data.Span);
        return ValueTask.CompletedTask;
    }

    // Not on the mux's thread: parsing into the screen model costs about half as much as the rest of the console's
    // way through the mux, so the port's write loop does it (WriteAsync) on the other core while the mux goes on.
    public int TryWriteNow(ReadOnlySpan<byte> data) => 0;

    public ValueTask DisposeAsync()
    {
        _input.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
