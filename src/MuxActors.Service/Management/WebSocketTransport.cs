using System.Net.WebSockets;
using MuxActors.Chardevs.Common;

namespace MuxActors.Service.Management;

/// <summary>
/// A management API WebSocket as a port transport: binary (or text) frames in are console input, output goes out as
/// binary frames. Closing sends a close frame when it still can, so the client sees a clean end.
/// </summary>
internal sealed class WebSocketTransport(WebSocket socket) : IPortTransport
{
    private static readonly TimeSpan s_closeTimeout = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _peerClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    /// <summary>Completes once the transport is closed (by the port, or because the client left).</summary>
    public Task Closed => _closed.Task;

    /// <inheritdoc />
    public bool CanRead => true; // a read-only client is still read: that is how its leaving is noticed

    /// <inheritdoc />
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        // The session's token is not passed on: cancelling a WebSocket receive aborts the connection, while DisposeAsync
        // first tries a clean close (and then ends this read itself).
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, _lifetime.Token).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                _peerClosed.TrySetResult();
                // The client's answer to our own close: the session is already closing, so this is no news to report.
                cancellationToken.ThrowIfCancellationRequested();
                return 0;
            }
            if (result.Count > 0)
                return result.Count;
        }
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        await socket.SendAsync(data, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        var clean = false;
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(s_closeTimeout);
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "detached", timeout.Token).ConfigureAwait(false);
            }
            // The pending read sees the client's answer. Aborting before it would discard the close frame (and any
            // goodbye notice still in the connection's output) with the connection.
            if (socket.State == WebSocketState.CloseSent)
                await _peerClosed.Task.WaitAsync(s_closeTimeout).ConfigureAwait(false);
            clean = socket.State == WebSocketState.Closed;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or InvalidOperationException or IOException or TimeoutException)
        {
            // the client is gone, does not answer, or a write is stuck: nothing more to say to it
        }
        if (!clean)
        {
            await _lifetime.CancelAsync().ConfigureAwait(false);
            socket.Abort(); // the lifetime source is left undisposed: a late read may still look at its token
        }
        _closed.TrySetResult();
    }
}
