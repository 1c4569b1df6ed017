using System.Collections.Concurrent;
using Akka.Actor;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;
using Akka.TestKit;

namespace MuxActors.Core.Tests;

/// <summary>Makes a port actor send a protocol message to its mux, as if it came from its device.</summary>
internal sealed record Emit(object Message);

/// <summary>Sent by a probe port to its probe on every (re)start.</summary>
internal sealed record PortStarted(string Id, IActorRef Port);

/// <summary>
/// A chardev kind for tests: each chardev's port forwards everything the mux sends to a <see cref="TestProbe"/>
/// and sends the mux whatever the test tells it to (<see cref="Emit"/>). Options: <c>path</c> is claimed as a
/// resource; <c>open = off</c> keeps the port from announcing itself; <c>listens = on</c> makes it a kind that listens
/// (the mux waits for its <see cref="ChardevListening"/>).
/// </summary>
internal sealed class ProbeKind(ConcurrentDictionary<string, TestProbe>? probes = null, string type = "probe", bool frontend = true) : IChardevKind
{
    public string Type => type;
    public bool CanBeFrontend => frontend;
    public bool CanBeBackend => true;

    public IReadOnlyList<string> Validate(ChardevSpec spec, PortRole role) =>
        spec.Options.HasPath("path") ? ["path:" + spec.Options.GetString("path")] : [];

    public bool Listens(ChardevSpec spec) => spec.Options.GetBoolean("listens", false);

    public Props CreateProps(ChardevSpec spec, PortContext context)
    {
        var probe = probes?[spec.Id] ?? throw new InvalidOperationException($"no probe for {spec.Id}");
        var announce = spec.Options.GetBoolean("open", true);
        return ProbePort.Props(spec.Id, context, probe.Ref, announce);
    }

    private sealed class ProbePort : ReceiveActor
    {
        private readonly string _id;
        private readonly PortContext _context;
        private readonly IActorRef _probe;
        private readonly bool _announce;

        public ProbePort(string id, PortContext context, IActorRef probe, bool announce)
        {
            (_id, _context, _probe, _announce) = (id, context, probe, announce);
            Receive<Emit>(e => e.Message is "fail", _ => throw new InvalidOperationException($"port {_id} failed"));
            Receive<Emit>(e => e.Message is "fail-io", _ => throw new IOException("the device went away."));
            Receive<Emit>(e => _context.Mux.Tell(e.Message, Self));
            ReceiveAny(message => _probe.Tell(message, Sender));
        }

        public static Props Props(string id, PortContext context, IActorRef probe, bool announce) =>
            Akka.Actor.Props.Create(() => new ProbePort(id, context, probe, announce));

        protected override void PreStart()
        {
            _probe.Tell(new PortStarted(_id, Self));
            if (_announce)
                _context.Mux.Tell(new PortOpened(new PortInfo(_id, _context.Role, "probe:" + _id)), Self);
        }
    }
}
