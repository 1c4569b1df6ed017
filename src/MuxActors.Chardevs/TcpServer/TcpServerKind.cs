using System.Net;
using Akka.Actor;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Sockets;

/// <summary>
/// <c>tcp-server</c>: a backend that listens on a TCP port and serves each connecting client as a port of the mux.
/// Options: <c>listen = "HOST:PORT"</c> (or <c>host</c> and <c>port</c>; the host defaults to 127.0.0.1, so nothing is
/// reachable from outside unless configured; port 0 picks a free port), <c>max-clients</c> (default 64),
/// <c>send-buffer</c> (kernel send buffer per client).
/// </summary>
public sealed class TcpServerKind : IChardevKind
{
    /// <inheritdoc />
    public string Type => "tcp-server";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OptionKeys { get; } = ["listen", "host", "port", "max-clients", "send-buffer"];

    /// <inheritdoc />
    public bool CanBeFrontend => false;

    /// <inheritdoc />
    public bool CanBeBackend => true;

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(ChardevSpec spec, PortRole role)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return TcpServerOptions.Read(spec).Resource is { } resource ? [resource] : [];
    }

    /// <inheritdoc />
    public Props CreateProps(ChardevSpec spec, PortContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var options = TcpServerOptions.Read(spec);
        return Props.Create(() => new TcpServerActor(spec, context, options));
    }

    /// <inheritdoc />
    public bool Listens(ChardevSpec spec) => true;

    /// <inheritdoc />
    public string? AttachHint(ChardevSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var options = TcpServerOptions.Read(spec);
        // A server on every address is reached locally through the loopback address.
        var address = options.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : options.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : options.Address;
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return options.Port == 0
            ? $"socat -,raw,echo=0,escape=0x1d tcp:{host}:PORT (the port is chosen at start-up and logged)"
            : $"socat -,raw,echo=0,escape=0x1d tcp:{host}:{options.Port}";
    }
}
