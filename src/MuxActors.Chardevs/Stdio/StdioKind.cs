using Akka.Actor;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Stdio;

/// <summary>
/// <c>stdio</c>: the service's own standard input and output, as the console (frontend) or as a client (backend).
/// Only one stdio chardev can exist per service. As a backend, the end of standard input stops input only: output
/// keeps going to standard output. The service's logs must then go elsewhere than standard output.
/// </summary>
public sealed class StdioKind : IChardevKind
{
    private readonly Func<(Stream Input, Stream Output)> _openStreams;

    /// <summary>The kind over the process's standard input and output.</summary>
    public StdioKind()
        : this(static () => (Console.OpenStandardInput(), Console.OpenStandardOutput()))
    {
    }

    /// <summary>The kind over other streams (tests).</summary>
    internal StdioKind(Func<(Stream Input, Stream Output)> openStreams) => _openStreams = openStreams;

    /// <inheritdoc />
    public string Type => "stdio";


    /// <inheritdoc />

    public IReadOnlyCollection<string> OptionKeys { get; } = [];

    /// <inheritdoc />
    public bool CanBeFrontend => true;

    /// <inheritdoc />
    public bool CanBeBackend => true;

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(ChardevSpec spec, PortRole role) => ["stdio"];

    /// <inheritdoc />
    public Props CreateProps(ChardevSpec spec, PortContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var openStreams = _openStreams;
        return Props.Create(() => new StdioActor(spec, context, openStreams));
    }

    /// <inheritdoc />
    public string? AttachHint(ChardevSpec spec) => "the service's own terminal (standard input and output)";
}
