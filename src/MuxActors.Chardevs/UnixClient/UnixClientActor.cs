using System.Net;
using System.Net.Sockets;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Sockets;

/// <summary>The actor of a <c>unix-client</c> chardev.</summary>
internal sealed class UnixClientActor(ChardevSpec spec, PortContext context, string path, SocketClientOptions options)
    : SocketClientActor(spec, context, options)
{
    /// <inheritdoc />
    protected override string Target => "unix:" + path;

    /// <inheritdoc />
    protected override EndPoint RemoteEndPoint { get; } = new UnixDomainSocketEndPoint(path);

    /// <inheritdoc />
    protected override Socket CreateSocket() => new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
}
