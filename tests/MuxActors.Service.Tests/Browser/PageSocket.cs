using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;

namespace MuxActors.Service.Tests.Browser;

/// <summary>
/// A web backend's WebSocket spoken to directly, as a page would (hello, acks for what it received) or as a hostile
/// client would. Keeps the console text it received and how the server closed it.
/// </summary>
public sealed class PageSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();
    private readonly Awaitable _changed = new();
    private readonly Task _reader;

    private readonly bool _acknowledge;

    private PageSocket(ClientWebSocket socket, bool acknowledge)
    {
        _socket = socket;
        _acknowledge = acknowledge;
        _reader = Task.Run(ReadAsync);
    }

    public string Text
    {
        get { lock (_lock) return _text.ToString(); }
    }

    public int Screens { get; private set; }

    public WebSocketCloseStatus? CloseStatus { get; private set; }

    public string? Refused { get; private set; }

    public static async Task<PageSocket> ConnectAsync(Uri page, string token = "", string? origin = null, bool acknowledge = true)
    {
        var socket = new ClientWebSocket();
        if (origin is not null)
            socket.Options.SetRequestHeader("Origin", origin);
        var url = new UriBuilder(new Uri(page, "ws")) { Scheme = "ws" }.Uri;
        await socket.ConnectAsync(url, CancellationToken.None);
        var client = new PageSocket(socket, acknowledge);
        await client.SendFrameAsync(0x01, Encoding.UTF8.GetBytes(token));
        return client;
    }

    public Task SendFrameAsync(byte type, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[payload.Length + 1];
        frame[0] = type;
        payload.CopyTo(frame.AsSpan(1));
        return SendRawAsync(frame, WebSocketMessageType.Binary);
    }

    public async Task SendRawAsync(byte[] data, WebSocketMessageType type)
    {
        try
        {
            await _socket.SendAsync(data, type, endOfMessage: true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            // closed by the server meanwhile: the test looks at CloseStatus
        }
    }

    public Task InputAsync(string text) => SendFrameAsync(0x02, Encoding.UTF8.GetBytes(text));

    public Task WaitForTextAsync(string text) =>
        _changed.UntilAsync(() => Text.Contains(text, StringComparison.Ordinal), () => $"'{text}' on the page socket; got:\n{Text}");

    public Task WaitForScreenAsync() => _changed.UntilAsync(() => Screens > 0, () => "the screen");

    public Task WaitClosedAsync() => _changed.UntilAsync(() => CloseStatus is not null, () => "the server's close");

    private async Task ReadAsync()
    {
        var buffer = new byte[256 * 1024];
        try
        {
            while (true)
            {
                var (messageType, count) = await _socket.ReceiveMessageAsync(buffer);
                if (messageType == WebSocketMessageType.Close)
                {
                    CloseStatus = _socket.CloseStatus;
                    break;
                }
                var payload = buffer.AsSpan(1, count - 1);
                switch (buffer[0])
                {
                    case 0x12 or 0x13:
                        lock (_lock)
                            _text.Append(Encoding.UTF8.GetString(payload));
                        if (buffer[0] == 0x13)
                            Screens++;
                        if (_acknowledge)
                        {
                            var ack = new byte[4];
                            BinaryPrimitives.WriteUInt32BigEndian(ack, (uint)payload.Length);
                            await SendFrameAsync(0x03, ack);
                        }
                        break;
                    case 0x14:
                        Refused = Encoding.UTF8.GetString(payload);
                        break;
                }
                _changed.Pulse();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            CloseStatus ??= _socket.CloseStatus ?? WebSocketCloseStatus.Empty;
        }
        _changed.Pulse();
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        await _reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
    }
}
