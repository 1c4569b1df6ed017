using Akka.Actor;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Sockets;

/// <summary>
/// <c>unix-client</c>: connects to a unix socket, typically a VM's console started with
/// <c>-chardev socket,path=...,server=on,wait=off</c>. Options: <c>path</c> (relative to the configuration file),
/// <c>reconnect</c> (first retry delay, default 1s), <c>reconnect-max</c> (default 30s), <c>connect-timeout</c>
/// (default 5s). When the peer goes away the port closes and the chardev reconnects with backoff.
/// </summary>
public sealed class UnixClientKind : IChardevKind
{
    /// <inheritdoc />
    public string Type => "unix-client";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OptionKeys { get; } = ["path", "reconnect", "reconnect-max", "connect-timeout"];

    /// <inheritdoc />
    public bool CanBeFrontend => true;

    /// <inheritdoc />
    public bool CanBeBackend => true;

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(ChardevSpec spec, PortRole role)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _ = UnixSocketPath.Read(spec.Options, "path");
        _ = SocketClientOptions.Read(spec.Options);
        return []; // connecting claims nothing: the socket belongs to whoever listens on it
    }

    /// <inheritdoc />
    public Props CreateProps(ChardevSpec spec, PortContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var path = UnixSocketPath.Read(spec.Options, "path");
        var options = SocketClientOptions.Read(spec.Options);
        return Props.Create(() => new UnixClientActor(spec, context, path, options));
    }

    /// <inheritdoc />
    public string? AttachHint(ChardevSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return $"the service connects to {UnixSocketPath.Read(spec.Options, "path")}; listen there, e.g. socat unix-listen:PATH -,raw,echo=0";
    }
}
