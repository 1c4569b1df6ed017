using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MuxActors.Chardevs.Sockets;
using MuxActors.Service.Hosting;
using MuxActors.Service.Metrics;

namespace MuxActors.Service.Management;

/// <summary>Serves the management API with Kestrel on the configured unix socket or TCP address.</summary>
public static class ManagementHosting
{
    private const long MaxRequestBytes = 1024 * 1024;

    /// <summary>
    /// Makes the socket path free to bind: creates its folder and removes a stale socket file nobody listens on. Throws
    /// <see cref="IOException"/> with a clear message when another process listens there or the path is not a socket.
    /// </summary>
    /// <returns>Whether a stale socket file was removed.</returns>
    public static bool PrepareSocketPath(ManagementSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings is not { Kind: ManagementListenKind.Unix, SocketPath: { } path })
            return false;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return UnixSocketFile.RemoveIfStale(path);
    }

    /// <summary>Adds Kestrel's endpoint and the API's services to <paramref name="builder"/>.</summary>
    public static void AddManagementApi(this WebApplicationBuilder builder, ManagementSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        builder.WebHost.UseSockets(sockets => sockets.CreateBoundListenSocket = endpoint =>
        {
            var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
            // Bound but not yet listening: nobody can connect before the mode is 0600.
            if (endpoint is UnixDomainSocketEndPoint && settings.SocketPath is { } path)
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return socket;
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBytes;
            if (settings.Kind == ManagementListenKind.Unix)
                kestrel.ListenUnixSocket(settings.SocketPath!);
            else
                kestrel.Listen(settings.Endpoint!);
        });
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<ManagementContext>();
        builder.Services.AddSingleton(sp =>
        {
            var file = sp.GetRequiredService<MuxActorsHostingOptions>().ConfigFile;
            return new ConfigFolder(file is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(file))!);
        });
    }

    /// <summary>Maps every endpoint of the API (see README, "Managing at run time").</summary>
    public static void MapManagementApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var settings = app.Services.GetRequiredService<ManagementSettings>();
        var api = app.Services.GetRequiredService<ManagementContext>();
        var folder = app.Services.GetRequiredService<ConfigFolder>().Path;
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MuxActors.Management");

        app.Use((context, next) => ApiMiddleware.HandleErrorsAsync(context, next, log));
        if (settings.Kind == ManagementListenKind.Tcp)
            app.Use(ApiMiddleware.RequireToken(settings.Token!));
        app.UseWebSockets();

        var muxes = new MuxEndpoints(api, folder);
        var chardevs = new ChardevEndpoints(api, folder);
        app.MapGet("/v1/muxes", muxes.ListAsync);
        app.MapPost("/v1/muxes", muxes.AddAsync);
        app.MapGet("/v1/muxes/{mux}", muxes.GetAsync);
        app.MapDelete("/v1/muxes/{mux}", muxes.RemoveAsync);
        app.MapPost("/v1/muxes/{mux}/break", muxes.BreakAsync);
        app.MapPost("/v1/muxes/{mux}/focus", muxes.FocusAsync);
        app.MapDelete("/v1/muxes/{mux}/backends/{id}", muxes.DetachAsync);
        app.MapGet("/v1/muxes/{mux}/ringbuf/{id}", new RingbufEndpoint(api).ReadAsync);
        app.MapGet("/v1/muxes/{mux}/attach", new AttachEndpoint(api).AttachAsync);
        app.MapGet("/v1/chardevs", chardevs.ListAsync);
        app.MapPost("/v1/chardevs", chardevs.AddAsync);
        app.MapDelete("/v1/chardevs/{id}", chardevs.RemoveAsync);
        app.MapGet("/v1/events", new EventsEndpoint(api).StreamAsync);
        app.MapMetrics();

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            log.LogInformation("Management API listening on {Address}{Note}",
                settings.Kind == ManagementListenKind.Unix ? settings.Display : string.Join(", ", addresses),
                settings.Kind == ManagementListenKind.Unix ? " (mode 0600)" : " (bearer token required)");
            if (settings.Endpoint is { } endpoint && !IPAddress.IsLoopback(endpoint.Address))
                log.LogWarning("Management API: {Address} is reachable from other hosts over plain HTTP, token included; prefer the unix socket or a tunnel", endpoint);
        });
    }

    /// <summary>The folder of the configuration file: relative paths in requests resolve against it.</summary>
    private sealed record ConfigFolder(string Path);
}
