using System.Net;
using System.Net.Sockets;

namespace MuxActors.Chaos;

/// <summary>Where a backend listens: a unix socket path or a loopback TCP port.</summary>
public sealed record Endpoint(string? UnixPath, int TcpPort)
{
    public static Endpoint Unix(string path) => new(path, 0);

    public static Endpoint Tcp(int port) => new(null, port);

    public bool IsTcp => UnixPath is null;

    public override string ToString() => IsTcp ? $"tcp:{TcpPort}" : $"unix:{System.IO.Path.GetFileName(UnixPath)}";

    public async Task<Socket> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var socket = IsTcp
            ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(IsTcp ? new IPEndPoint(IPAddress.Loopback, TcpPort) : new UnixDomainSocketEndPoint(UnixPath!), cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
