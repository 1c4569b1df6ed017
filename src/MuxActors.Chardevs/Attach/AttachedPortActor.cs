using Akka.Actor;
using MuxActors.Chardevs.Common;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;
using MuxActors.Hocon;

namespace MuxActors.Chardevs.Attach;

/// <summary>
/// An ad-hoc port started in a running mux (through <c>SpawnPort</c>) for a transport someone else opened, such as a
/// management API WebSocket. It attaches that transport when it starts, reports the output policy and read-only flag
/// it was given (it belongs to no configured backend, so a reload leaves it alone), and stops when the transport ends.
/// </summary>
public sealed class AttachedPortActor : PortActor
{
    private static readonly HoconConfig s_noOptions = new(HoconParser.ParseString("{}", "(attached at run time)"));
    private readonly IPortTransport _transport;
    private readonly AttachedPortOptions _options;

    /// <summary>Creates the port; it attaches <paramref name="transport"/> in <see cref="PreStart"/>.</summary>
    public AttachedPortActor(IPortTransport transport, IActorRef mux, AttachedPortOptions options)
        : base(SpecFor(options), new PortContext(mux, PortRole.Backend))
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
        _options = options;
    }

    /// <summary>Props for a port of <paramref name="mux"/> over <paramref name="transport"/>.</summary>
    public static Props Props(IPortTransport transport, IActorRef mux, AttachedPortOptions options) =>
        Akka.Actor.Props.Create(() => new AttachedPortActor(transport, mux, options));

    /// <inheritdoc />
    protected override void PreStart() => Attach(_transport, _options.Peer);

    /// <inheritdoc />
    protected override PortInfo DescribePort(string peer) =>
        base.DescribePort(peer) with { Sink = _options.Sink, ReadOnly = _options.ReadOnly };

    private static ChardevSpec SpecFor(AttachedPortOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ChardevSpec(options.ChardevId, "attach", s_noOptions, null, "(attached at run time)");
    }
}
