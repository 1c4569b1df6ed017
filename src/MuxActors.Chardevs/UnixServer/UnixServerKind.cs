using Akka.Actor;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Sockets;

/// <summary>
/// <c>unix-server</c>: a backend that listens on a unix socket file and serves each connecting client as a port of
/// the mux. Options: <c>path</c> (relative to the configuration file), <c>mode</c> (octal, default <c>"0600"</c>),
/// <c>max-clients</c> (default 64), <c>send-buffer</c> (kernel send buffer per client). A stale socket file is
/// replaced; one another process listens on is not.
/// </summary>
public sealed class UnixServerKind : IChardevKind
{
    /// <inheritdoc />
    public string Type => "unix-server";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OptionKeys { get; } = ["path", "mode", "max-clients", "send-buffer"];

    /// <inheritdoc />
    public bool CanBeFrontend => false;

    /// <inheritdoc />
    public bool CanBeBackend => true;

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(ChardevSpec spec, PortRole role)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return ["unix:" + UnixServerOptions.Read(spec).Path];
    }

    /// <inheritdoc />
    public Props CreateProps(ChardevSpec spec, PortContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var options = UnixServerOptions.Read(spec);
        return Props.Create(() => new UnixServerActor(spec, context, options));
    }

    /// <inheritdoc />
    public bool Listens(ChardevSpec spec) => true;

    /// <inheritdoc />
    public string? AttachHint(ChardevSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return $"socat -,raw,echo=0,escape=0x1d unix-connect:{UnixServerOptions.Read(spec).Path}";
    }
}
