using System.Net;
using MuxActors.Chardevs.Common;
using MuxActors.Core.Chardevs;

namespace MuxActors.Chardevs.Sockets;

/// <summary>The options of a <c>tcp-client</c> chardev.</summary>
/// <param name="Host">Host name or address to connect to.</param>
/// <param name="Port">Port to connect to.</param>
/// <param name="Client">Reconnect backoff and connect timeout.</param>
internal sealed record TcpClientOptions(string Host, int Port, SocketClientOptions Client)
{
    public static TcpClientOptions Read(ChardevSpec spec)
    {
        var options = spec.Options;
        string host;
        int port;
        string hostKey;
        if (options.HasPath("connect"))
        {
            foreach (var separate in new[] { "host", "port" })
            {
                if (options.HasPath(separate))
                    throw ChardevOptions.Error(options, separate, "set either 'connect = \"HOST:PORT\"' or 'host' and 'port', not both");
            }
            (host, port) = ChardevOptions.ReadHostPort(options, "connect");
            hostKey = "connect";
        }
        else if (options.HasPath("host") || options.HasPath("port"))
        {
            host = options.GetString("host");
            port = ChardevOptions.ReadPort(options, "port");
            hostKey = "host";
        }
        else
        {
            throw ChardevOptions.Error(options, "connect", "is not defined: set 'connect = \"HOST:PORT\"' (or 'host' and 'port')");
        }
        if (host.Length == 0)
            throw ChardevOptions.Error(options, hostKey, "needs a host to connect to");
        if (port == 0)
            throw ChardevOptions.Error(options, hostKey == "host" ? "port" : hostKey, "port 0 can't be connected to");
        return new TcpClientOptions(host, port, SocketClientOptions.Read(options));
    }

    /// <summary>An address literal as an <see cref="IPEndPoint"/>, a name as a <see cref="DnsEndPoint"/> resolved at each attempt.</summary>
    public EndPoint EndPoint => IPAddress.TryParse(Host, out var address) ? new IPEndPoint(address, Port) : new DnsEndPoint(Host, Port);

    /// <summary><c>host:port</c>, with IPv6 literals in brackets.</summary>
    public string Text => EndPoint is IPEndPoint ip ? ip.ToString() : $"{Host}:{Port}";
}
