using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MuxActors.Chardevs.Web;

namespace MuxActors.Service.Web;

/// <summary>One Kestrel server for the consoles served to browsers on one address: pages, their assets and their WebSockets.</summary>
internal sealed class WebListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ILogger _log;

    private WebListener(WebApplication app, Uri baseUrl, ILogger log)
    {
        _app = app;
        BaseUrl = baseUrl;
        _log = log;
    }

    /// <summary>http://address:port/ (the real port when 0 was asked for).</summary>
    public Uri BaseUrl { get; }

    public WebConsoles Consoles { get; } = new();

    /// <summary>Starts listening; throws <see cref="IOException"/> when the address is in use.</summary>
    public static async Task<WebListener> StartAsync(IPEndPoint address, ILogger log, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 0; // pages only GET
            kestrel.Listen(address);
        });
        var app = builder.Build();
        WebListener? listener = null;
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Run(context => listener!.HandleAsync(context));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? $"http://{address}";
        listener = new WebListener(app, new Uri(bound.TrimEnd('/') + "/"), log);
        log.LogInformation("Web terminal listening on {Url}", listener.BaseUrl);
        if (!IPAddress.IsLoopback(address.Address))
            log.LogWarning("Web terminal: {Address} is reachable from other hosts over plain HTTP; set a token, or use a tunnel", address);
        return listener;
    }

    private Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (Consoles.ContainsKey(path + "/"))
        {
            context.Response.Redirect(path + "/"); // relative asset URLs need the trailing slash
            return Task.CompletedTask;
        }
        var (console, remainder) = Find(path);
        if (console is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        return WebPage.HandleAsync(context, console, remainder, _log);
    }

    /// <summary>The console whose path is the longest prefix of <paramref name="path"/>, and the rest of the path.</summary>
    private (IWebConsole? Console, string Remainder) Find(string path)
    {
        IWebConsole? best = null;
        var length = 0;
        foreach (var (prefix, console) in Consoles)
        {
            if (prefix.Length > length && path.StartsWith(prefix, StringComparison.Ordinal))
                (best, length) = (console, prefix.Length);
        }
        return (best, best is null ? "" : path[length..]);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // connections that did not end in time are cut by the disposal
        }
        await _app.DisposeAsync().ConfigureAwait(false);
        _log.LogInformation("Web terminal on {Url} stopped", BaseUrl);
    }
}
