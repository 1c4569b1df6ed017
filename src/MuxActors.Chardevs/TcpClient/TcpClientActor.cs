using System.Net;
using System.Net.Sockets;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Sockets;

/// <summary>The actor of a <c>tcp-client</c> chardev.</summary>
internal sealed class TcpClientActor(ChardevSpec spec, PortContext context, TcpClientOptions options)
    : SocketClientActor(spec, context, options.Client)
{
    /// <inheritdoc />
    protected override string Target => "tcp:" + options.Text;

    /// <inheritdoc />
    protected override EndPoint RemoteEndPoint { get; } = options.EndPoint;

    /// <inheritdoc />
    protected override Socket CreateSocket()
    {
        // A host name may resolve to IPv4 or IPv6: a dual-mode IPv6 socket reaches both.
        var socket = RemoteEndPoint is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.NoDelay = true; // console keystrokes go out at once
        return socket;
    }

    /// <inheritdoc />
    protected override string DescribePeer(Socket socket) => "tcp:" + (socket.RemoteEndPoint?.ToString() ?? options.Text);
}
