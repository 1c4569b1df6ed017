using System.Net.WebSockets;
using MuxActors.Chardevs.Web;
using MuxActors.Vnc.Rfb;

namespace MuxActors.Chardevs.Vc;

/// <summary>
/// A vc as the service's HTTP listener sees it: the noVNC page at its path, and a WebSocket carrying RFB in binary
/// frames (no websockify) to the same <see cref="RfbServer"/> as the TCP viewers, so authentication, read-only and
/// max-clients are theirs.
/// </summary>
internal sealed class VcWebConsole(RfbServer server, WebPlace place) : IWebConsole
{
    private static readonly TimeSpan s_closeTimeout = TimeSpan.FromSeconds(2);

    public string Path => place.Path;

    public WebPageKind Page => WebPageKind.Vnc;

    public bool AllowsOrigin(string origin, string host) => place.AllowsOrigin(origin, host);

    // A viewer beyond max-clients is let through to be refused inside RFB, with a reason noVNC shows.
    public bool HasRoom => true;

    public async Task ServeAsync(WebSocket socket, string peer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        // One RFB write is one binary message; reads run across messages, as RFB is a byte stream.
        await server.ServeAsync(WebSocketStream.Create(socket, WebSocketMessageType.Binary, ownsWebSocket: false), "ws:" + peer).ConfigureAwait(false);
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(s_closeTimeout);
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
            {
                // the page went away first: nothing to close
            }
        }
    }
}
