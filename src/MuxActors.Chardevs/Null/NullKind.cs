using Akka.Actor;
using MuxActors.Chardevs.Common;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Sinks;

/// <summary><c>null</c>: a backend that discards all output (acknowledging it at once) and never produces input.</summary>
public sealed class NullKind : IChardevKind
{
    /// <inheritdoc />
    public string Type => "null";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OptionKeys { get; } = [];

    /// <inheritdoc />
    public bool CanBeFrontend => false;

    /// <inheritdoc />
    public bool CanBeBackend => true;

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(ChardevSpec spec, PortRole role) => [];

    /// <inheritdoc />
    public Props CreateProps(ChardevSpec spec, PortContext context) => Props.Create(() => new NullActor(spec, context));

    /// <summary>The actor: a port over a transport that drops everything.</summary>
    private sealed class NullActor(ChardevSpec spec, PortContext context) : PortActor(spec, context)
    {
        protected override void PreStart() => Attach(new NullTransport(), "null");
    }
}
