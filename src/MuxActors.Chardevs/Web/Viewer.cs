using System.Net.WebSockets;
using System.Text;

namespace MuxActors.Chardevs.Web;

/// <summary>
/// One browser page on a web backend: its WebSocket, its queue of output and its flow control. The page acknowledges
/// what xterm.js has written; at most <see cref="Window"/> bytes are sent and not yet acknowledged, and nothing is sent
/// while the page says pause. What waits beyond that is queued; a page more than <see cref="Backlog"/> behind is handled
/// by the backend's policy: drop (the queue goes; the page gets the current screen when it has room, then one screen
/// every <see cref="ScreenInterval"/> or once the console is quiet, until it slows down) or disconnect.
/// Nothing here ever waits for the page while holding the hub's lock, so a slow page slows nobody else.
/// </summary>
internal sealed partial class Viewer
{
    // Small enough that a page which cannot keep up is found out after little data (parsing and drawing what it then
    // drops is what a slow tab costs); 64 KiB in flight still carries 6 MB/s over a 10 ms round trip.
    public const long Window = 64 * 1024;
    public const long Backlog = 128 * 1024;
    private const long MaxBacklog = 16 * 1024 * 1024;
    public static readonly TimeSpan ScreenInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan QuietAfter = TimeSpan.FromMilliseconds(100);
    private const double StreamAgainBelow = 256 * 1024; // bytes per second of output
    private static readonly TimeSpan s_helloTimeout = TimeSpan.FromSeconds(10);

    private readonly WebSocket _socket;
    private readonly ViewerHub _hub;
    private readonly Lock _lock = new();
    private readonly Queue<(byte Type, byte[] Payload)> _queue = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _end = new();
    private readonly PauseBudget _pauses;
    private long _queued;
    private long _sent;
    private long _acked;
    private bool _clientPaused;
    private bool _screensOnly; // dropping: screens, not output, until the console slows (Viewer.Output.cs)
    private bool _firstScreen;
    private long _droppedSinceScreen;
    private long _screenAt; // a timestamp
    private long _droppedAt; // a timestamp: the last output this page skipped
    private ITimer? _screenTimer;
    private DateTimeOffset? _behindSince;
    private string? _endReason;
    private bool _stopping;
    private const string StopReason = "the service is stopping";

    public Viewer(WebSocket socket, ViewerHub hub, string peer)
    {
        _socket = socket;
        _hub = hub;
        Peer = peer;
        _pauses = new PauseBudget(hub.Time);
    }

    /// <summary>Who the page is (its address), for logs.</summary>
    public string Peer { get; }

    /// <summary>Output bytes this page skipped under the drop policy.</summary>
    public long Dropped { get; private set; }

    /// <summary>Runs the page's connection: hello, welcome and screen, then output and input until either side ends.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _end.Token);
        var token = linked.Token;
        var buffer = new byte[WebFrames.MaxIncoming];
        var status = WebSocketCloseStatus.NormalClosure;
        var reason = "closed";
        var joined = false;
        Task? sending = null;
        try
        {
            using (var hello = CancellationTokenSource.CreateLinkedTokenSource(token))
            {
                hello.CancelAfter(s_helloTimeout);
                var length = await ReceiveFrameAsync(buffer, hello.Token).ConfigureAwait(false);
                if (length < 0)
                    return;
                if (buffer[0] != WebFrames.Hello)
                    throw new ViewerProtocolException(WebSocketCloseStatus.ProtocolError, "the first frame must be hello");
                if (!_hub.TokenMatches(buffer.AsSpan(1, length - 1)))
                {
                    (status, reason) = await RefuseAsync("unauthorized: wrong or missing token", WebSocketCloseStatus.PolicyViolation, token).ConfigureAwait(false);
                    return;
                }
            }
            if (!_hub.TryJoin(this))
            {
                (status, reason) = await RefuseAsync("too many viewers (max-clients)", (WebSocketCloseStatus)1013, token).ConfigureAwait(false);
                return;
            }
            joined = true;
            await SendAsync(WebFrames.Frame(WebFrames.Welcome, _hub.WelcomeJson), token).ConfigureAwait(false);
            sending = SendLoopAsync(token);
            await ReceiveLoopAsync(buffer, token).ConfigureAwait(false);
            reason = Volatile.Read(ref _stopping) ? StopReason : "the page closed";
        }
        catch (ViewerProtocolException ex)
        {
            (status, reason) = (ex.Status, ex.Message);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            (status, reason) = (WebSocketCloseStatus.NormalClosure, _endReason ?? (cancellationToken.IsCancellationRequested ? "the backend stopped" : "the connection ended"));
        }
        finally
        {
            if (joined)
                _hub.Leave(this, _endReason ?? reason);
            await _end.CancelAsync().ConfigureAwait(false);
            if (sending is not null)
                await sending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (_screenTimer is not null)
                await _screenTimer.DisposeAsync().ConfigureAwait(false);
            await CloseAsync(_endReason is null ? status : WebSocketCloseStatus.PolicyViolation, _endReason ?? reason).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The backend stops: the page gets what is queued (as far as its window allows), then a close that says the
    /// server is going away (1001), which it answers. A page that does not answer within a second is cut off.
    /// Not done by cancelling: a cancelled WebSocket operation aborts the connection, and the page would see no close.
    /// </summary>
    public void Stop()
    {
        Volatile.Write(ref _stopping, true);
        Wake();
        _end.CancelAfter(TimeSpan.FromSeconds(1));
    }

    private async Task ReceiveLoopAsync(byte[] buffer, CancellationToken token)
    {
        while (true)
        {
            var length = await ReceiveFrameAsync(buffer, token).ConfigureAwait(false);
            if (length < 0)
                return;
            var payload = buffer.AsMemory(1, length - 1);
            switch (buffer[0])
            {
                case WebFrames.Input:
                    if (!_hub.ReadOnly && !payload.IsEmpty)
                        await _hub.InputAsync(payload, token).ConfigureAwait(false);
                    break;
                case WebFrames.Ack:
                    Acknowledge(WebFrames.ReadAck(payload.Span));
                    break;
                case WebFrames.Pause or WebFrames.Resume:
                    if (!_pauses.TryTake())
                        throw new ViewerProtocolException(WebSocketCloseStatus.PolicyViolation, "too many pause/resume frames");
                    lock (_lock)
                        _clientPaused = buffer[0] == WebFrames.Pause;
                    Wake();
                    break;
                default:
                    throw new ViewerProtocolException(WebSocketCloseStatus.ProtocolError, $"unexpected frame type 0x{buffer[0]:x2}");
            }
        }
    }

    private void Acknowledge(long bytes)
    {
        lock (_lock)
        {
            if (bytes < 0 || _acked + bytes > _sent)
                throw new ViewerProtocolException(WebSocketCloseStatus.ProtocolError, "an ack for more than was sent");
            _acked += bytes;
        }
        Wake();
    }

    /// <summary>One whole frame into <paramref name="buffer"/>: its length, or -1 when the page closed.</summary>
    private async Task<int> ReceiveFrameAsync(byte[] buffer, CancellationToken token)
    {
        var count = 0;
        while (true)
        {
            if (count == buffer.Length)
                throw new ViewerProtocolException(WebSocketCloseStatus.MessageTooBig, $"a frame larger than {WebFrames.MaxIncoming} bytes");
            var result = await _socket.ReceiveAsync(buffer.AsMemory(count), token).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
                return -1;
            if (result.MessageType == WebSocketMessageType.Text)
                throw new ViewerProtocolException(WebSocketCloseStatus.InvalidMessageType, "text frames are not part of the protocol");
            count += result.Count;
            if (result.EndOfMessage)
                return count > 0 ? count : throw new ViewerProtocolException(WebSocketCloseStatus.ProtocolError, "an empty frame");
        }
    }

    private async Task<(WebSocketCloseStatus, string)> RefuseAsync(string why, WebSocketCloseStatus status, CancellationToken token)
    {
        await SendAsync(WebFrames.Frame(WebFrames.Refused, Encoding.UTF8.GetBytes(why)), token).ConfigureAwait(false);
        return (status, why);
    }

    private async Task SendAsync(byte[] frame, CancellationToken token) =>
        await _socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, token).ConfigureAwait(false);

    /// <summary>A close frame with the reason, then the page's answer (1 s at most), so the page sees why.</summary>
    private async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await _socket.CloseOutputAsync(status, Truncate(reason), timeout.Token).ConfigureAwait(false);
            var drain = new byte[1024];
            while (_socket.State == WebSocketState.CloseSent)
                await _socket.ReceiveAsync(drain, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or InvalidOperationException)
        {
            // the page is gone or does not answer
        }
        _socket.Abort();
    }

    // A close reason is at most 123 bytes.
    private static string Truncate(string reason) => reason.Length <= 100 ? reason : reason[..100];
}
