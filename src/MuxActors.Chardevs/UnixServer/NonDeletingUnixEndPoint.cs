using System.Net;
using System.Net.Sockets;

namespace MuxActors.Chardevs.Sockets;

/// <summary>
/// A unix socket address that .NET does not recognise as a <see cref="UnixDomainSocketEndPoint"/>. A socket bound to
/// a UnixDomainSocketEndPoint deletes its path when disposed, even if another process has replaced the file since;
/// binding through this type leaves the file alone, so the server removes it only after checking it is still its own.
/// </summary>
internal sealed class NonDeletingUnixEndPoint(string path) : EndPoint
{
    private readonly UnixDomainSocketEndPoint _address = new(path);

    /// <inheritdoc />
    public override AddressFamily AddressFamily => AddressFamily.Unix;

    /// <inheritdoc />
    public override SocketAddress Serialize() => _address.Serialize();

    /// <inheritdoc />
    public override EndPoint Create(SocketAddress socketAddress) => _address.Create(socketAddress);

    /// <inheritdoc />
    public override string ToString() => path;
}
