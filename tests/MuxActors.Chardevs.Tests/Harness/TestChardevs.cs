using Akka.Actor;
using MuxActors.Chardevs.Sinks;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Tests.Harness;

/// <summary>Registries for tests: the built-in kinds with some replaced or wrapped.</summary>
internal static class TestRegistries
{
    /// <summary>The built-in kinds, with <paramref name="replacements"/> taking the place of the kinds of the same type (or added).</summary>
    public static ChardevRegistry BuiltInWith(params IChardevKind[] replacements)
    {
        var builtIn = BuiltInChardevs.CreateRegistry();
        var replaced = replacements.Select(k => k.Type).ToHashSet(StringComparer.Ordinal);
        return new ChardevRegistry(builtIn.Types.Where(t => !replaced.Contains(t)).Select(t => builtIn.Find(t)!).Concat(replacements));
    }

    /// <summary>The built-in kinds, with ringbufs tapped: each ringbuf actor's reference is sent to <paramref name="reportTo"/>.</summary>
    public static ChardevRegistry WithTappedRingbufs(IActorRef reportTo) =>
        BuiltInWith(new TappedKind(new RingbufKind(), reportTo));
}

/// <summary>Tells a test the reference of a chardev actor it could not otherwise reach.</summary>
internal sealed record ChardevTapped(string ChardevId, IActorRef Actor);

/// <summary>
/// Wraps a kind so the test learns its actor's reference: the mux starts a small parent that starts the real chardev
/// actor (same props, same mux) as its child and reports the child. The port protocol is untouched.
/// </summary>
internal sealed class TappedKind(IChardevKind inner, IActorRef reportTo) : IChardevKind
{
    public string Type => inner.Type;

    public bool CanBeFrontend => inner.CanBeFrontend;

    public bool CanBeBackend => inner.CanBeBackend;

    public IReadOnlyList<string> Validate(ChardevSpec spec, PortRole role) => inner.Validate(spec, role);

    public Props CreateProps(ChardevSpec spec, PortContext context)
    {
        var props = inner.CreateProps(spec, context);
        return Props.Create(() => new TapActor(props, spec.Id, reportTo));
    }

    private sealed class TapActor(Props chardev, string id, IActorRef reportTo) : ReceiveActor
    {
        protected override void PreStart() => reportTo.Tell(new ChardevTapped(id, Context.ActorOf(chardev, id)));
    }
}

/// <summary>
/// A frontend kind (<c>type = probe</c>) whose port is the test: it opens at start and forwards every message the mux
/// sends it (WriteData, SendBreak...) to <paramref name="probe"/>.
/// </summary>
internal sealed class ProbeFrontendKind(IActorRef probe) : IChardevKind
{
    public string Type => "probe";

    public bool CanBeFrontend => true;

    public bool CanBeBackend => false;

    public IReadOnlyList<string> Validate(ChardevSpec spec, PortRole role) => [];

    public Props CreateProps(ChardevSpec spec, PortContext context) => Props.Create(() => new ProbePort(spec.Id, context, probe));

    private sealed class ProbePort : ReceiveActor
    {
        private readonly string _id;
        private readonly PortContext _context;

        public ProbePort(string id, PortContext context, IActorRef probe)
        {
            _id = id;
            _context = context;
            ReceiveAny(message => probe.Tell(message, Self));
        }

        protected override void PreStart() => _context.Mux.Tell(new PortOpened(new PortInfo(_id, PortRole.Frontend, "probe")), Self);
    }
}
