using System.Globalization;
using MuxActors.Chardevs.Common;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Sinks;

/// <summary>The actor of a <c>ringbuf</c> chardev. The ring belongs to the actor, so it outlives a re-attachment.</summary>
internal sealed class RingbufActor : PortActor
{
    private readonly RingBuffer _ring;
    private RingbufTransport? _transport;

    public RingbufActor(ChardevSpec spec, PortContext context, int size)
        : base(spec, context)
    {
        _ring = new RingBuffer(size);
        Receive<ReadRingbuf>(read => Sender?.Tell(_ring.Snapshot(read.MaxBytes), Self));
        Receive<InjectInput>(inject => _transport?.Inject(inject.Data));
        Receive<InjectBreak>(_ => PortContext.Mux.Tell(BreakReceived.Instance, Self));
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        _transport = new RingbufTransport(_ring);
        Attach(_transport, "ringbuf:size=" + _ring.Capacity.ToString(CultureInfo.InvariantCulture));
    }
}
