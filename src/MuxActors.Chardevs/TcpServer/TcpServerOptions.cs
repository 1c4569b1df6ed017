using System.Net;
using MuxActors.Chardevs.Common;
using MuxActors.Core.Chardevs;
using MuxActors.Hocon;

namespace MuxActors.Chardevs.Sockets;

/// <summary>The options of a <c>tcp-server</c> chardev.</summary>
/// <param name="Address">The local address to listen on (loopback unless the configuration says otherwise).</param>
/// <param name="Port">The port; 0 lets the system pick one (logged and published at bind).</param>
/// <param name="Server">Options shared with the unix server.</param>
internal sealed record TcpServerOptions(IPAddress Address, int Port, SocketServerOptions Server)
{
    public static TcpServerOptions Read(ChardevSpec spec)
    {
        var options = spec.Options;
        string host;
        int port;
        if (options.HasPath("listen"))
        {
            foreach (var separate in new[] { "host", "port" })
            {
                if (options.HasPath(separate))
                    throw ChardevOptions.Error(options, separate, "set either 'listen = \"HOST:PORT\"' or 'host' and 'port', not both");
            }
            (host, port) = ChardevOptions.ReadHostPort(options, "listen");
        }
        else if (options.HasPath("port"))
        {
            host = options.GetString("host", "");
            port = ChardevOptions.ReadPort(options, "port");
        }
        else
        {
            throw ChardevOptions.Error(options, "listen", "is not defined: set 'listen = \"HOST:PORT\"' (or 'port', with 'host' defaulting to 127.0.0.1)");
        }
        var key = options.HasPath("listen") ? "listen" : "host";
        return new TcpServerOptions(ParseAddress(options, key, host), port, SocketServerOptions.Read(options));
    }

    /// <summary>The exclusive resource the server claims, or <c>null</c> for an ephemeral port.</summary>
    public string? Resource => Port == 0 ? null : "tcp:" + new IPEndPoint(Address, Port);

    internal static IPAddress ParseAddress(HoconConfig options, string key, string host) => host switch
    {
        "" or "localhost" => IPAddress.Loopback,
        "*" => IPAddress.Any,
        _ when IPAddress.TryParse(host, out var address) => address,
        _ => throw ChardevOptions.Error(options, key,
            $"'{host}' is not a local address to listen on (use an IP address such as 127.0.0.1, ::1 or 0.0.0.0, 'localhost' or '*')"),
    };
}
