using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MuxActors.Chardevs.Web;

namespace MuxActors.Service.Web;

/// <summary>
/// What a web backend's path serves: the page (<c>PATH</c>), its scripts and styles (<c>PATH/NAME</c>, from the
/// <c>webterm</c> folder the build fills) and the WebSocket (<c>PATH/ws</c>), behind a Host and an Origin check.
/// </summary>
internal static class WebPage
{
    private static readonly Dictionary<string, string> s_assets = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["terminal.js"] = "text/javascript; charset=utf-8",
        ["terminal.css"] = "text/css; charset=utf-8",
        ["xterm.js"] = "text/javascript; charset=utf-8",
        ["xterm.css"] = "text/css; charset=utf-8",
        ["addon-fit.js"] = "text/javascript; charset=utf-8",
    };

    /// <summary>The folder of the page and the xterm.js files copied there by the build.</summary>
    public static string AssetFolder { get; } = Path.Combine(AppContext.BaseDirectory, "webterm");

    public static async Task HandleAsync(HttpContext context, IWebTerminal terminal, string rest, ILogger log)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        // A name that resolves to this machine but is not its address is how DNS rebinding reaches a loopback server.
        if (!TrustedHost(request.Host, terminal))
        {
            response.StatusCode = StatusCodes.Status421MisdirectedRequest;
            return;
        }
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        // xterm.js adds a <style> element for its theme; everything else is this origin's own files.
        response.Headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";
        if (rest == "ws")
        {
            await ServeSocketAsync(context, terminal, log).ConfigureAwait(false);
            return;
        }
        var name = rest.Length == 0 ? "index.html" : rest;
        if (!s_assets.TryGetValue(name, out var type) || !File.Exists(Path.Combine(AssetFolder, name)))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        response.ContentType = type;
        response.Headers.CacheControl = "no-cache";
        await response.SendFileAsync(Path.Combine(AssetFolder, name), context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task ServeSocketAsync(HttpContext context, IWebTerminal terminal, ILogger log)
    {
        var peer = $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}";
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        // Browsers always send Origin on a WebSocket: a page of another site must not drive this console.
        if (context.Request.Headers.Origin is { Count: > 0 } origin && !terminal.AllowsOrigin(origin.ToString(), context.Request.Host.Value ?? ""))
        {
            log.LogWarning("Web terminal {Path}: refused a page from origin {Origin} ({Peer})", terminal.Path, origin.ToString(), peer);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        if (!terminal.HasRoom)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        await terminal.ServeAsync(socket, peer, context.RequestAborted).ConfigureAwait(false);
    }

    private static bool TrustedHost(HostString host, IWebTerminal terminal) =>
        host.Host is { Length: > 0 } name
        && (IPAddress.TryParse(name.Trim('[', ']'), out _) || name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || terminal.AllowsOrigin("http://" + host.Value, "") || terminal.AllowsOrigin("https://" + host.Value, ""));
}
