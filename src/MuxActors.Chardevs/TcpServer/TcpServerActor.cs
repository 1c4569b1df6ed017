using System.Net;
using System.Net.Sockets;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Sockets;

/// <summary>The listener of a <c>tcp-server</c>.</summary>
internal sealed class TcpServerActor(ChardevSpec spec, PortContext context, TcpServerOptions options)
    : SocketServerActor(spec, context, options.Server)
{
    /// <inheritdoc />
    protected override Socket Bind(int backlog)
    {
        var listener = new Socket(options.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // A restart must be able to bind again while old connections linger in TIME_WAIT.
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (options.Address.Equals(IPAddress.IPv6Any))
                listener.DualMode = true;
            listener.Bind(new IPEndPoint(options.Address, options.Port));
            listener.Listen(backlog);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    protected override string DescribeBound(Socket listener) => "tcp:" + listener.LocalEndPoint;

    /// <inheritdoc />
    protected override string DescribePeer(Socket client) => "tcp:" + client.RemoteEndPoint;

    /// <inheritdoc />
    protected override void Prepare(Socket client) => client.NoDelay = true; // console keystrokes go out at once
}
