using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MuxActors.Chardevs;
using MuxActors.Core.Config;
using MuxActors.Hocon;
using MuxActors.Service.Hosting;
using MuxActors.Service.Logging;
using Serilog;

namespace MuxActors.Service;

/// <summary>The <c>muxactors</c> command: validate, then run the service until SIGTERM/SIGINT.</summary>
internal static class ServiceCommand
{
    public static async Task<int> RunAsync(string configPath, bool checkOnly, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(configPath);
        var loader = new MuxConfigLoader(BuiltInChardevs.CreateRegistry());
        var (config, errors) = loader.LoadFile(path);
        if (config is null)
        {
            foreach (var error in errors)
                await Console.Error.WriteLineAsync("muxactors: " + error).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"muxactors: {path}: {errors.Count} error(s); nothing was started").ConfigureAwait(false);
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
            Console.WriteLine($"{path}: OK, {config.Muxes.Count} mux(es): {string.Join(", ", config.Muxes.Select(m => m.Name))}");
            return 0;
        }
        using var logger = LoggingSetup.Create(logging.Level, logging.Journald);
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                DisableDefaults = true,
                ContentRootPath = Path.GetDirectoryName(path),
            });
            builder.Configuration.AddHoconFile(path);
            builder.Logging.ClearProviders().AddSerilog(logger);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
            builder.Services.AddMuxActors(builder.Configuration, o => o.ConfigFile = path);
            using var host = builder.Build();
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
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

    private static (string Level, bool Journald) ReadLogging(HoconConfig root)
    {
        var level = root.HasPath("muxactors.logging.level") ? root.GetOneOf("muxactors.logging.level", LoggingSetup.Levels) : "info";
        var format = root.HasPath("muxactors.logging.format") ? root.GetOneOf("muxactors.logging.format", "auto", "plain", "journald") : "auto";
        return (level, format == "journald" || (format == "auto" && LoggingSetup.UnderSystemd()));
    }
}
