using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace MuxActors.Service.Tests.Browser;

/// <summary>
/// The start of an RFB handshake (version, then the security types of RFB 3.8) over TCP or a WebSocket, far enough to
/// tell a viewer given a place from one refused; an admitted probe holds its place until disposed.
/// </summary>
public sealed class RfbProbe : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly IDisposable _owner;

    private RfbProbe(Stream stream, IDisposable owner)
    {
        _stream = stream;
        _owner = owner;
    }

    /// <summary>The server's refusal, or <c>null</c> when it offered security types.</summary>
    public string? Refusal { get; private set; }

    public static async Task<RfbProbe> TcpAsync(int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
        return await StartAsync(new RfbProbe(client.GetStream(), client));
    }

    /// <summary>Over the WebSocket of the noVNC page at <paramref name="page"/>, as a browser at <paramref name="origin"/> would.</summary>
    public static async Task<RfbProbe> WebSocketAsync(Uri page, string? origin = null)
    {
        var socket = new ClientWebSocket();
        if (origin is not null)
            socket.Options.SetRequestHeader("Origin", origin);
        try
        {
            await socket.ConnectAsync(new UriBuilder(new Uri(page, "ws")) { Scheme = "ws" }.Uri, CancellationToken.None);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return await StartAsync(new RfbProbe(WebSocketStream.Create(socket, WebSocketMessageType.Binary, ownsWebSocket: true), socket));
    }

    private static async Task<RfbProbe> StartAsync(RfbProbe probe)
    {
        using var deadline = new CancellationTokenSource(TestTimeouts.Dilated(TimeSpan.FromSeconds(10)));
        var version = new byte[12];
        await probe._stream.ReadExactlyAsync(version, deadline.Token);
        Assert.Equal("RFB 003.008\n", Encoding.ASCII.GetString(version));
        await probe._stream.WriteAsync("RFB 003.008\n"u8.ToArray(), deadline.Token);
        var count = new byte[1];
        await probe._stream.ReadExactlyAsync(count, deadline.Token);
        if (count[0] == 0)
        {
            var length = new byte[4];
            await probe._stream.ReadExactlyAsync(length, deadline.Token);
            var reason = new byte[System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(length)];
            await probe._stream.ReadExactlyAsync(reason, deadline.Token);
            probe.Refusal = Encoding.UTF8.GetString(reason);
        }
        return probe;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _owner.Dispose();
    }
}
