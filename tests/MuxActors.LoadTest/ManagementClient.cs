using System.Net.Sockets;

namespace MuxActors.LoadTest;

/// <summary>GET requests to the service's management API on its unix socket.</summary>
internal static class ManagementClient
{
    /// <summary>The body of <paramref name="path"/>; null when the service does not answer (never fails a run).</summary>
    public static async Task<string?> GetAsync(string socketPath, string path)
    {
        try
        {
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, ct) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
            return await http.GetStringAsync("http://muxactors" + path);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException or TaskCanceledException)
        {
            return null;
        }
    }
}
