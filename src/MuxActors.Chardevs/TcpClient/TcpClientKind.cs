using Akka.Actor;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Sockets;

/// <summary>
/// <c>tcp-client</c>: connects to a TCP port, typically a VM's console started with
/// <c>-chardev socket,host=...,port=...,server=on,wait=off</c>. Options: <c>connect = "HOST:PORT"</c> (or <c>host</c>
/// and <c>port</c>), <c>reconnect</c> (first retry delay, default 1s), <c>reconnect-max</c> (default 30s),
/// <c>connect-timeout</c> (default 5s). When the peer goes away the port closes and the chardev reconnects with backoff.
/// </summary>
public sealed class TcpClientKind : IChardevKind
{
    /// <inheritdoc />
    public string Type => "tcp-client";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OptionKeys { get; } = ["connect", "host", "port", "reconnect", "reconnect-max", "connect-timeout"];

    /// <inheritdoc />
    public bool CanBeFrontend => true;

    /// <inheritdoc />
    public bool CanBeBackend => true;

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(ChardevSpec spec, PortRole role)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _ = TcpClientOptions.Read(spec);
        return []; // connecting claims nothing: the port belongs to whoever listens on it
    }

    /// <inheritdoc />
    public Props CreateProps(ChardevSpec spec, PortContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var options = TcpClientOptions.Read(spec);
        return Props.Create(() => new TcpClientActor(spec, context, options));
    }

    /// <inheritdoc />
    public string? AttachHint(ChardevSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return $"the service connects to {TcpClientOptions.Read(spec).Text}; listen there, e.g. socat tcp-listen:PORT -,raw,echo=0";
    }
}
