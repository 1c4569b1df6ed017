using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using MuxActors.Chardevs.Web;
using MuxActors.TestSupport;

namespace MuxActors.Chardevs.Tests.Web;

/// <summary>
/// A page of a <see cref="ViewerHub"/> over a real loopback TCP connection (a WebSocket at each end, no HTTP): it says
/// hello, keeps the frames it gets and acknowledges what it received unless told to hold its acks.
/// </summary>
internal sealed class LoopbackPage : IAsyncDisposable
{
    private readonly WebSocket _socket;
    private readonly Task _serving;
    private readonly Task _reading;
    private readonly Lock _lock = new();
    private readonly List<(byte Type, string Text)> _frames = [];
    private readonly Awaitable _changed = new();
    private readonly SemaphoreSlim _sending = new(1, 1); // a WebSocket takes one send at a time
    private long _unacked;
    private bool _holding;

    private LoopbackPage(WebSocket socket, Task serving)
    {
        _socket = socket;
        _serving = serving;
        _reading = Task.Run(ReadAsync);
    }

    public static async Task<LoopbackPage> JoinAsync(ViewerHub hub)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        var server = await listener.AcceptTcpClientAsync();
        var serverSocket = WebSocket.CreateFromStream(server.GetStream(), isServer: true, subProtocol: null, keepAliveInterval: Timeout.InfiniteTimeSpan);
        var serving = hub.ServeAsync(serverSocket, "test page", CancellationToken.None);
        var socket = WebSocket.CreateFromStream(client.GetStream(), isServer: false, subProtocol: null, keepAliveInterval: Timeout.InfiniteTimeSpan);
        var page = new LoopbackPage(socket, serving);
        await page.SendAsync(WebFrames.Hello, []);
        await page.WaitAsync(() => page.Count(WebFrames.Screen) == 1, "the screen on join");
        return page;
    }

    public int Count(byte type)
    {
        lock (_lock) return _frames.Count(f => f.Type == type);
    }

    /// <summary>Bytes of console output received in data frames.</summary>
    public long DataBytes
    {
        get { lock (_lock) return _frames.Where(f => f.Type == WebFrames.Data).Sum(f => (long)f.Text.Length); }
    }

    /// <summary>The text of every data and screen frame so far, in order.</summary>
    public string Text
    {
        get { lock (_lock) return string.Concat(_frames.Where(f => f.Type != WebFrames.Welcome).Select(f => f.Text)); }
    }

    /// <summary>The text of the last screen frame.</summary>
    public string LastScreen
    {
        get { lock (_lock) return _frames.Last(f => f.Type == WebFrames.Screen).Text; }
    }

    private string Frames()
    {
        lock (_lock) return string.Join(", ", _frames.Select(f => $"{f.Type:x2}:{f.Text.Length}"));
    }

    /// <summary>Stops acknowledging, as a page whose xterm.js has fallen behind.</summary>
    public void HoldAcks()
    {
        lock (_lock) _holding = true;
    }

    /// <summary>Acknowledges everything received so far, and from now on as it comes.</summary>
    public Task ReleaseAcksAsync()
    {
        long count;
        lock (_lock)
        {
            _holding = false;
            (count, _unacked) = (_unacked, 0);
        }
        return count > 0 ? SendAckAsync(count) : Task.CompletedTask;
    }

    public Task WaitAsync(Func<bool> condition, string what) => _changed.UntilAsync(condition, () =>
        $"{what}; the page got {Count(WebFrames.Data)} data frames ({DataBytes} bytes) and {Count(WebFrames.Screen)} screens, " +
        $"frames [{Frames()}], acks {(_holding ? "held" : "flowing")} ({_unacked} bytes not acknowledged), the socket {_socket.State}:\n{Text}");

    private Task SendAckAsync(long count)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)count);
        return SendAsync(WebFrames.Ack, payload);
    }

    private async Task SendAsync(byte type, byte[] payload)
    {
        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(WebFrames.Frame(type, payload), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[256 * 1024];
        while (true)
        {
            var (messageType, count) = await _socket.ReceiveMessageAsync(buffer);
            if (messageType == WebSocketMessageType.Close)
                return;
            var type = buffer[0];
            var length = count - 1;
            long ack = 0;
            lock (_lock)
            {
                _frames.Add((type, Encoding.UTF8.GetString(buffer, 1, length)));
                if (type is WebFrames.Data or WebFrames.Screen)
                {
                    _unacked += length;
                    if (!_holding)
                        (ack, _unacked) = (_unacked, 0);
                }
            }
            if (ack > 0)
                await SendAckAsync(ack);
            _changed.Pulse();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _sending.WaitAsync();
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException)
        {
            // the hub closed first
        }
        try
        {
            await Task.WhenAll(_reading, _serving).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is TimeoutException or WebSocketException or IOException)
        {
            // the hub's side is torn down with the test
        }
        _socket.Dispose();
    }
}
