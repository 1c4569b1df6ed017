using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MuxActors.Chardevs;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Config;
using MuxActors.Hocon;
using MuxActors.Service.Hosting;
using MuxActors.Service.Logging;
using MuxActors.Service.Management;
using MuxActors.Service.Metrics;
using Serilog;
using Serilog.Core;
using Serilog.Extensions.Logging;

namespace MuxActors.Service;

/// <summary>The <c>muxactors</c> command: validate, then run the service (and its management API) until SIGTERM/SIGINT.</summary>
internal static class ServiceCommand
{
    /// <summary>
    /// Runs (or with <paramref name="checkOnly"/> validates) the configuration in <paramref name="configPath"/> plus
    /// the QEMU option strings in <paramref name="chardevs"/>. Without a file, <c>./hocon.conf</c> is read unless
    /// chardevs are given: then they are the whole configuration.
    /// </summary>
    public static async Task<int> RunAsync(string? configPath, bool checkOnly, IReadOnlyList<string> chardevs, CancellationToken cancellationToken)
    {
        var path = configPath is null && chardevs.Count > 0 ? null : Path.GetFullPath(configPath ?? "hocon.conf");
        var name = path ?? "--chardev";
        var loader = new MuxConfigLoader(BuiltInChardevs.CreateRegistry(), chardevs);
        var (config, errors) = path is null ? loader.Load(HoconParser.ParseString("", name)) : loader.LoadFile(path);
        ManagementSettings? management = null;
        if (config is not null)
            (management, errors) = ManagementSettings.Read(config.Root, path is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(path)!);
        if (config is not null && AkkaBlock.Read(config.Root).Errors is { Count: > 0 } akkaErrors)
            (management, errors) = (null, [.. errors, .. akkaErrors]);
        TelemetrySettings? telemetry = null;
        if (config is not null && management is not null)
            (telemetry, errors) = TelemetrySettings.Read(config.Root);
        if (config is null || management is null || telemetry is null)
        {
            foreach (var error in errors)
                await Console.Error.WriteLineAsync("muxactors: " + error).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"muxactors: {name}: {errors.Count} error(s); nothing was started").ConfigureAwait(false);
            return 1;
        }
        (string Level, bool Journald) logging;
        try
        {
            logging = ReadLogging(config.Root);
        }
        catch (HoconException ex)
        {
            await Console.Error.WriteLineAsync("muxactors: " + ConfigError.From(ex)).ConfigureAwait(false);
            return 1;
        }
        if (checkOnly)
        {
            Console.WriteLine($"{name}: OK, {config.Muxes.Count} mux(es): {string.Join(", ", config.Muxes.Select(m => m.Name))}");
            return 0;
        }
        using var logger = LoggingSetup.Create(logging.Level, logging.Journald);
        try
        {
            if (ManagementHosting.PrepareSocketPath(management))
                logger.Warning("Replaced the stale management socket {Path} (nothing listened on it)", management.SocketPath);
        }
        catch (IOException ex)
        {
            logger.Error("Management API: {Reason}; nothing was started (set muxactors.management.listen)", ex.Message);
            return 1;
        }
        try
        {
            using var host = management.Kind == ManagementListenKind.Off
                ? BuildHost(path, chardevs, logger, telemetry)
                : BuildWebHost(path, chardevs, logger, management, telemetry);
            return await RunAsync(host, management, logger, cancellationToken).ConfigureAwait(false);
        }
        catch (ConfigException ex)
        {
            foreach (var error in ex.Errors)
                logger.Error("{Error}", error.ToString());
            return 1;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.Fatal(ex, "muxactors failed: {Message}", ex.Message);
            return 1;
        }
    }

    /// <summary>
    /// Starts the host and waits for the stop. A stop asked for while the API is still starting, or an API that cannot
    /// listen, still stops what did start the normal way: clients told, logs flushed, STOPPING=1.
    /// </summary>
    private static async Task<int> RunAsync(IHost host, ManagementSettings management, Logger logger, CancellationToken cancellationToken)
    {
        var exit = 0;
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM or SIGINT during start-up: what did start is stopped below
            host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        }
        catch (IOException ex)
        {
            logger.Error("Management API: can't listen on {Address}: {Reason}", management.Display, ex.Message);
            exit = 1;
            host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        }
        await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return exit;
    }

    /// <summary>The service without the management API (<c>management.listen = off</c>): no web server at all.</summary>
    private static IHost BuildHost(string? path, IReadOnlyList<string> chardevs, Logger logger, TelemetrySettings telemetry)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = path is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(path),
        });
        Configure(builder, path, chardevs, logger);
        builder.Services.AddMuxActorsTelemetry(telemetry, prometheus: false);
        return builder.Build();
    }

    /// <summary>The service with the management API served by Kestrel.</summary>
    private static WebApplication BuildWebHost(string? path, IReadOnlyList<string> chardevs, Logger logger, ManagementSettings management,
        TelemetrySettings telemetry)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = path is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(path),
        });
        // The HOCON file is the only configuration: no environment variable or appsettings file can add endpoints.
        builder.Configuration.Sources.Clear();
        Configure(builder, path, chardevs, logger);
        builder.AddManagementApi(management);
        builder.Services.AddMuxActorsTelemetry(telemetry, prometheus: true);
        var app = builder.Build();
        app.MapManagementApi();
        return app;
    }

    private static void Configure(IHostApplicationBuilder builder, string? path, IReadOnlyList<string> chardevs, Logger logger)
    {
        if (path is null)
            builder.Configuration.AddHoconString("", "--chardev");
        else
            builder.Configuration.AddHoconFile(path);
        builder.Logging.ClearProviders().AddSerilog(logger)
            // Start-up failures are reported by RunAsync in one clear line; the host's own report is a stack trace.
            .AddFilter<SerilogLoggerProvider>("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        // Registered before AddMuxActors (which only adds a loader when none is there): every load and reload reads the
        // --chardev strings with the file.
        builder.Services.AddSingleton(sp => new MuxConfigLoader(sp.GetRequiredService<ChardevRegistry>(), chardevs));
        builder.Services.AddMuxActors(builder.Configuration, o => o.ConfigFile = path);
    }

    private static (string Level, bool Journald) ReadLogging(HoconConfig root)
    {
        var level = root.HasPath("muxactors.logging.level") ? root.GetOneOf("muxactors.logging.level", LoggingSetup.Levels) : "info";
        var format = root.HasPath("muxactors.logging.format") ? root.GetOneOf("muxactors.logging.format", "auto", "plain", "journald") : "auto";
        return (level, format == "journald" || (format == "auto" && LoggingSetup.UnderSystemd()));
    }
}
