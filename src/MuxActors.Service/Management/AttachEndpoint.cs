using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Akka.Actor;
using MuxActors.Chardevs.Attach;
using MuxActors.Chardevs.Common;
using MuxActors.Chardevs.Sockets;
using MuxActors.Core.Mux;
using MuxActors.Core.Output;
using MuxActors.Core.Protocol;

namespace MuxActors.Service.Management;

/// <summary>
/// <c>GET /v1/muxes/{mux}/attach[?read-only=true][&amp;replay=BYTES]</c>, a WebSocket: binary frames both ways, served by
/// an ad-hoc port in the mux. Its output policy is drop with a marker (an interactive client must never hold up the
/// console); <c>read-only</c> (muxctl tail) discards its input; <c>replay</c> starts it that many bytes back, as far as
/// the mux keeps output (the largest <c>replay</c> of its backends).
/// </summary>
internal sealed class AttachEndpoint(ManagementContext api)
{
    private const string StoppingNotice = "\r\n[muxactors: the service is stopping]\r\n";

    /// <summary>Handles the request until the client detaches, the port stops or the service stops.</summary>
    public async Task AttachAsync(HttpContext context)
    {
        var name = ManagementContext.Route(context, "mux");
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await ApiResponses.Error(context, "invalid", "this endpoint needs a WebSocket upgrade (use muxctl attach or muxctl tail)").ConfigureAwait(false);
            return;
        }
        if (!ManagementContext.TryQueryBool(context, "read-only", out var readOnly, out var error)
            || !ManagementContext.TryQueryLong(context, "replay", out var replay, out error))
        {
            await ApiResponses.Error(context, "invalid", error!).ConfigureAwait(false);
            return;
        }
        if (await api.FindMuxAsync(name).ConfigureAwait(false) is not { } mux)
        {
            await ManagementContext.MuxNotFound(context, name).ConfigureAwait(false);
            return;
        }

        var peer = Peer(context);
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var transport = new WebSocketTransport(socket);
        var options = new AttachedPortOptions(readOnly ? "tail" : "attach", peer,
            new SinkOptions(OverflowPolicy.Drop, replay ?? 0, MarkDrops: true, StallTimeout: TimeSpan.FromSeconds(30)), readOnly);
        IActorRef port;
        try
        {
            var spawned = await mux.Ask<PortSpawned>(new SpawnPort(AttachedPortActor.Props(transport, mux, options)), ManagementContext.AskTimeout).ConfigureAwait(false);
            port = spawned.Port;
        }
        catch (AskTimeoutException)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            return;
        }
        // The port closes the WebSocket when it stops (after writing what is queued); this watch covers a port that
        // stopped without ever attaching it. The client leaving ends the port through its transport.
        using var watch = new CancellationTokenSource();
        _ = CloseWhenStoppedAsync(port, transport, watch.Token);
        using var stopping = api.Stopping.Register(() =>
        {
            port.Tell(new WriteNotice(StoppingNotice)); // written before the port stops: it drains what is queued
            port.Tell(PoisonPill.Instance);
        });
        try
        {
            await transport.Closed.ConfigureAwait(false);
        }
        finally
        {
            await watch.CancelAsync().ConfigureAwait(false);
        }
    }

    private static async Task CloseWhenStoppedAsync(IActorRef port, WebSocketTransport transport, CancellationToken cancellationToken)
    {
        if (await port.WatchAsync(cancellationToken).ConfigureAwait(false))
            CloseUnlessClosed(transport);
    }

    private static void CloseUnlessClosed(WebSocketTransport transport) => _ = Task.Run(async () =>
    {
        try
        {
            await transport.Closed.WaitAsync(PortSessions.StopDrain + TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }
    });

    /// <summary>Who is attaching: credentials on the unix socket, the address on TCP.</summary>
    private static string Peer(HttpContext context)
    {
        var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
        if (socket?.AddressFamily == AddressFamily.Unix)
            return UnixPeerCredentials.Describe(socket);
        var connection = context.Connection;
        return connection.RemoteIpAddress is { } address ? $"tcp:{address}:{connection.RemotePort}" : "api";
    }
}
