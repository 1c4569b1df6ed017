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

    /// <summary>Connects, retrying while the backend is not listening yet (a reload starts listeners after it applies).</summary>
    public async Task<Socket> ConnectWithinAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + MuxActors.TestSupport.TestTimeouts.Dilated(timeout);
        while (true)
        {
            try
            {
                return await ConnectAsync();
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50); // polling for the listener, bounded by the deadline
            }
        }
    }

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
