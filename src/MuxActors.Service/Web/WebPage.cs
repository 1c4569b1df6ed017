using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MuxActors.Chardevs.Web;

namespace MuxActors.Service.Web;

/// <summary>
/// What a console's path serves: the page (<c>PATH</c>), its scripts and styles (<c>PATH/NAME</c>, from the folder the
/// build fills for its kind of page) and the WebSocket (<c>PATH/ws</c>), behind a Host and an Origin check.
/// </summary>
internal static class WebPage
{
    public static async Task HandleAsync(HttpContext context, IWebConsole console, string rest, ILogger log)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        // A name that resolves to this machine but is not its address is how DNS rebinding reaches a loopback server.
        if (!TrustedHost(request.Host, console))
        {
            response.StatusCode = StatusCodes.Status421MisdirectedRequest;
            return;
        }
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        // xterm.js adds a <style> element for its theme, noVNC may set its cursor as a data: image; everything else is
        // this origin's own files.
        response.Headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";
        if (rest == "ws")
        {
            await ServeSocketAsync(context, console, log).ConfigureAwait(false);
            return;
        }
        var name = rest.Length == 0 ? "index.html" : rest;
        if (!WebAssets.For(console.Page).TryGetValue(name, out var asset))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        response.ContentType = asset.ContentType;
        response.Headers.CacheControl = "no-cache";
        await response.SendFileAsync(asset.File, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task ServeSocketAsync(HttpContext context, IWebConsole console, ILogger log)
    {
        var peer = $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}";
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        // Browsers always send Origin on a WebSocket: a page of another site must not drive this console.
        if (context.Request.Headers.Origin is { Count: > 0 } origin && !console.AllowsOrigin(origin.ToString(), context.Request.Host.Value ?? ""))
        {
            log.LogWarning("Web terminal {Path}: refused a page from origin {Origin} ({Peer})", console.Path, origin.ToString(), peer);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        if (!console.HasRoom)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        await console.ServeAsync(socket, peer, context.RequestAborted).ConfigureAwait(false);
    }

    private static bool TrustedHost(HostString host, IWebConsole console) =>
        host.Host is { Length: > 0 } name
        && (IPAddress.TryParse(name.Trim('[', ']'), out _) || name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || console.AllowsOrigin("http://" + host.Value, "") || console.AllowsOrigin("https://" + host.Value, ""));
}
