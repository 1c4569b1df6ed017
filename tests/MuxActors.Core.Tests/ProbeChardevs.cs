using System.Collections.Concurrent;
using Akka.Actor;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;
using MuxActors.TestSupport;

namespace MuxActors.Core.Tests;

/// <summary>Makes a port actor send a protocol message to its mux, as if it came from its device.</summary>
internal sealed record Emit(object Message);

/// <summary>Sent by a probe port to its probe on every (re)start.</summary>
internal sealed record PortStarted(string Id, IActorRef Port);

/// <summary>
/// A chardev kind for tests: each chardev's port forwards everything the mux sends to a <see cref="TestProbe"/>
/// and sends the mux whatever the test tells it to (<see cref="Emit"/>). Options: <c>path</c> is claimed as a
/// resource; <c>open = off</c> keeps the port from announcing itself.
/// </summary>
internal sealed class ProbeKind(ConcurrentDictionary<string, TestProbe>? probes = null, string type = "probe", bool frontend = true) : IChardevKind
{
    public string Type => type;
    public bool CanBeFrontend => frontend;
    public bool CanBeBackend => true;

    public IReadOnlyList<string> Validate(ChardevSpec spec, PortRole role) =>
        spec.Options.HasPath("path") ? ["path:" + spec.Options.GetString("path")] : [];

    public Props CreateProps(ChardevSpec spec, PortContext context)
    {
        var probe = probes?[spec.Id] ?? throw new InvalidOperationException($"no probe for {spec.Id}");
        var announce = spec.Options.GetBoolean("open", true);
        return Props.Create(() => new ProbePort(spec.Id, context, probe.Ref, announce));
    }

    private sealed class ProbePort(string id, PortContext context, IActorRef probe, bool announce) : ActorBase
    {
        protected override void PreStart()
        {
            probe.Tell(new PortStarted(id, Self));
            if (announce)
                context.Mux.Tell(new PortOpened(new PortInfo(id, context.Role, "probe:" + id)), Self);
        }

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Emit { Message: "fail" }:
                    throw new InvalidOperationException($"port {id} failed");
                case Emit emit:
                    context.Mux.Tell(emit.Message, Self);
                    break;
                default:
                    probe.Tell(message, Sender);
                    break;
            }
        }
    }
}
