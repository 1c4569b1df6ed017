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
    }

    /// <summary>The ring's own requests: read it, and input or a break injected as if typed at the console.</summary>
    protected override bool OnKindMessage(object message)
    {
        switch (message)
        {
            case ReadRingbuf read: Sender?.Tell(_ring.Snapshot(read.MaxBytes), Self); return true;
            case InjectInput inject: _transport?.Inject(inject.Data); return true;
            case InjectBreak: PortContext.Mux.Tell(BreakReceived.Instance, Self); return true;
            default: return false;
        }
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        _transport = new RingbufTransport(_ring);
        Attach(_transport, "ringbuf:size=" + _ring.Capacity.ToString(CultureInfo.InvariantCulture));
    }
}
