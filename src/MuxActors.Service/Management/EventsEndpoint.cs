using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Microsoft.AspNetCore.Http;
using MuxActors.Core.Config;
using MuxActors.Core.Mux;
using MuxActors.Core.MuxFe;
using MuxActors.Core.Time;

namespace MuxActors.Service.Management;

/// <summary>
/// <c>GET /v1/events[?mux=NAME]</c>: server-sent events, one per line pair <c>event: KIND</c> / <c>data: JSON</c>, with the
/// kinds attach, detach, frontend-up, frontend-down, drop, restart and reload. A client that reads too slowly loses the
/// oldest events rather than holding anything up.
/// </summary>
internal sealed class EventsEndpoint(ManagementContext api)
{
    private const int Backlog = 1024;
    private static readonly TimeSpan s_keepAlive = TimeSpan.FromSeconds(30);

    /// <summary>Streams events until the client goes away or the service stops.</summary>
    public async Task StreamAsync(HttpContext context)
    {
        var mux = context.Request.Query["mux"].ToString() is { Length: > 0 } filter ? filter : null;
        var events = Channel.CreateBounded<MuxEvent>(new BoundedChannelOptions(Backlog)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        void OnReload(IReadOnlyList<ConfigError> errors) => events.Writer.TryWrite(
            new ReloadApplied(api.System.Clock().GetUtcNow(), [.. errors.Select(e => e.ToString())]));

        var subscriber = api.System.ActorOf(EventSubscriber.Props(events.Writer, mux));
        api.Service.Reloaded += OnReload;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, api.Stopping);
        try
        {
            // Subscribed (in its PreStart) before the Ask returns, so before the first line below.
            await subscriber.Ask<ActorIdentity>(new Identify(null), ManagementContext.AskTimeout).ConfigureAwait(false);
            context.Response.ContentType = "text/event-stream; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache";
            // Subscribed before this first line: a client that has read it sees every later event.
            await WriteAsync(context, ": subscribed\n\n", done.Token).ConfigureAwait(false);
            Task<bool>? pending = null;
            while (true)
            {
                pending ??= events.Reader.WaitToReadAsync(done.Token).AsTask();
                if (await Task.WhenAny(pending, Task.Delay(s_keepAlive, done.Token)).ConfigureAwait(false) != pending)
                {
                    await WriteAsync(context, ": keep-alive\n\n", done.Token).ConfigureAwait(false); // finds dead clients
                    continue;
                }
                var more = await pending.ConfigureAwait(false);
                pending = null;
                if (!more)
                    break;
                var batch = new StringBuilder();
                while (events.Reader.TryRead(out var e))
                    batch.Append(Format(e));
                await WriteAsync(context, batch.ToString(), done.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // the client left, or the service is stopping
        }
        catch (IOException)
        {
        }
        finally
        {
            api.Service.Reloaded -= OnReload;
            api.System.Stop(subscriber);
        }
    }

    private static async Task WriteAsync(HttpContext context, string text, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync(text, cancellationToken).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string? Format(MuxEvent e) => e switch
    {
        PortAttached a => Frame("attach", JsonSerializer.Serialize(new PortEventView(a.Mux, a.At, a.ChardevId, a.Peer, null), ManagementJson.Api.PortEventView)),
        PortDetached d => Frame("detach", JsonSerializer.Serialize(new PortEventView(d.Mux, d.At, d.ChardevId, d.Peer, d.Reason), ManagementJson.Api.PortEventView)),
        FrontendChanged f => Frame(f.Up ? "frontend-up" : "frontend-down", JsonSerializer.Serialize(new FrontendEventView(f.Mux, f.At, f.Detail), ManagementJson.Api.FrontendEventView)),
        OutputDropped o => Frame("drop", JsonSerializer.Serialize(new DropEventView(o.Mux, o.At, o.ChardevId, o.Bytes), ManagementJson.Api.DropEventView)),
        ChardevRestarted r => Frame("restart", JsonSerializer.Serialize(new RestartEventView(r.Mux, r.At, r.ChardevId, r.Reason, r.Delay.TotalSeconds), ManagementJson.Api.RestartEventView)),
        FocusChanged f => Frame("focus", JsonSerializer.Serialize(new FocusEventView(f.Mux, f.At, f.Console, f.Previous), ManagementJson.Api.FocusEventView)),
        ReloadApplied r => Frame("reload", JsonSerializer.Serialize(new ReloadEventView(r.At, r.Errors.Count == 0, r.Errors), ManagementJson.Api.ReloadEventView)),
        _ => null,
    };

    /// <summary>A reload attempt, queued with the mux events so the client sees everything in order.</summary>
    private sealed record ReloadApplied(DateTimeOffset At, IReadOnlyList<string> Errors) : MuxEvent("", At);

    // JSON from the serializer has no raw newlines, so one data line carries it whole.
    private static string Frame(string kind, string json) => $"event: {kind}\ndata: {json}\n\n";
}
