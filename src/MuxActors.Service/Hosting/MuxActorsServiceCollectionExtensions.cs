using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Akka.Actor;
using Akka.Hosting;
using MuxActors.Core.Config;
using MuxActors.Core.Mux;
using MuxActors.Chardevs;
using MuxActors.Chardevs.Web;
using MuxActors.Core.Chardevs;
using MuxActors.Hocon;
using MuxActors.Service.Metrics;
using MuxActors.Service.Systemd;
using MuxActors.Service.Web;

namespace MuxActors.Service.Hosting;

/// <summary>
/// Wires MuxActors into any .NET host (in the style of Akka.Hosting):
/// <c>builder.Configuration.AddHoconFile("hocon.conf"); builder.Services.AddMuxActors(builder.Configuration);</c>
/// </summary>
public static class MuxActorsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the actor system (through Akka.Hosting), the built-in chardev kinds, systemd's lifetime and notifier (see
    /// <see cref="SystemdHosting.AddMuxActorsSystemd"/>) and the hosted service that runs the muxes configured under
    /// <c>muxactors</c> in the HOCON source of <paramref name="configuration"/>.
    /// </summary>
    public static IServiceCollection AddMuxActors(this IServiceCollection services, IConfiguration configuration,
        Action<MuxActorsHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new MuxActorsHostingOptions();
        var hocon = FindHocon(configuration);
        options.ConfigFile = hocon.File;
        configure?.Invoke(options);
        var tree = new HoconConfig(hocon.Root);
        var (akkaBlock, akkaErrors) = AkkaBlock.Read(tree);
        if (akkaErrors.Count > 0)
            throw new ConfigException(akkaErrors);
        var akkaLevel = AkkaLogLevel(tree);
        services.AddMuxActorsSystemd();
        services.TryAddSingleton(options);
        services.TryAddSingleton(BuiltInChardevs.CreateRegistry());
        services.TryAddSingleton(sp => new WebListeners(sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton(sp => new MuxConfigLoader(sp.GetRequiredService<ChardevRegistry>()));
        services.AddAkka("muxactors", (akka, sp) =>
        {
            akka.AddHocon(ServiceDefaults, HoconAddMode.Append);
            if (akkaBlock is not null)
                akka.AddHocon(akkaBlock, HoconAddMode.Prepend); // the operator's akka block wins over our defaults
            // Akka's own events (dead letters, supervision decisions, lifecycle) go through the host's logger factory,
            // that is Serilog: one format and one level filter for everything.
            akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = akkaLevel;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            akka.WithActors((system, actors) =>
            {
                // Web backends reach their HTTP listeners through this extension (set before any mux starts).
                WebServing.For(system).Listeners = sp.GetRequiredService<WebListeners>();
                actors.Register<ServiceRoot>(system.ActorOf(ServiceRoot.Props(sp.GetRequiredService<ChardevRegistry>()), "muxes"));
                system.ActorOf(ExitOnDetach.Props(sp.GetRequiredService<IHostApplicationLifetime>()), "exit-on-detach");
            });
        });
        services.TryAddSingleton(sp => new MuxActorsService(sp.GetRequiredService<ActorSystem>(),
            sp.GetRequiredService<IRequiredActor<ServiceRoot>>(), sp.GetRequiredService<MuxConfigLoader>(),
            sp.GetRequiredService<ChardevRegistry>(), options, hocon.Root,
            sp.GetRequiredService<ILogger<MuxActorsService>>(), sp.GetRequiredService<ServiceNotifier>()));
        services.AddHostedService(sp => sp.GetRequiredService<MuxActorsService>());
        // The MuxActors meter's gauges, on the host's meter factory, refreshed when someone collects them (see MuxGauges).
        services.AddMetrics();
        services.TryAddSingleton<MuxGauges>();
        services.AddHostedService<MuxGaugesStartup>();
        return services;
    }

    // Akka's defaults that suit a console server: no start-up banner on stdout, and the loggers' own chatter off.
    private const string ServiceDefaults = """
        akka.stdout-loglevel = WARNING
        akka.log-dead-letters-during-shutdown = off
        akka.actor.debug.unhandled = off
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        # Before the notice, each mux lets its lossless clients catch up (5 s at most, in parallel): room for that.
        akka.coordinated-shutdown.phases.before-service-unbind.timeout = 15s
        # The muxes run on a dispatcher whose executor lets a port's read loop run an idle mux on its own thread
        # (docs/actors.md, "Dispatchers"); "/muxes/*" is every MuxSupervisor.
        mux-dispatcher {
          type = Dispatcher
          executor = "MuxActors.Core.Dispatch.ReadLoopInlineExecutorConfigurator, MuxActors.Core"
          throughput = 64
        }
        # Every actor but the muxes gets only control messages: a mailbox that holds no array while empty
        # (docs/actors.md, "Mailboxes"). The muxes, which every read loop reaches, keep Akka's lock-free queue.
        akka.actor.default-mailbox.mailbox-type = "MuxActors.Core.Dispatch.CompactMailbox, MuxActors.Core"
        mux-mailbox.mailbox-type = "Akka.Dispatch.UnboundedMailbox"
        akka.actor.deployment { "/muxes/*" { dispatcher = mux-dispatcher, mailbox = mux-mailbox } }
        """;

    /// <summary><c>akka.loglevel</c> when the file sets it, else the level of <c>muxactors.logging.level</c>.</summary>
    private static Akka.Event.LogLevel AkkaLogLevel(HoconConfig root)
    {
        var level = root.HasPath("akka.loglevel") ? root.GetString("akka.loglevel").ToUpperInvariant()
            : root.HasPath("muxactors.logging.level") ? root.GetString("muxactors.logging.level").ToUpperInvariant()
            : "INFO";
        return level switch
        {
            "DEBUG" => Akka.Event.LogLevel.DebugLevel,
            "WARNING" => Akka.Event.LogLevel.WarningLevel,
            "ERROR" or "OFF" => Akka.Event.LogLevel.ErrorLevel,
            _ => Akka.Event.LogLevel.InfoLevel,
        };
    }

    /// <summary>The parsed HOCON tree (and its file) behind <paramref name="configuration"/>.</summary>
    private static (HoconObject Root, string? File) FindHocon(IConfiguration configuration)
    {
        if (configuration is IConfigurationRoot root)
        {
            foreach (var provider in root.Providers.Reverse())
            {
                switch (provider)
                {
                    case HoconFileConfigurationProvider { Root: { } tree } file:
                        return (tree, file.Source.FileProvider?.GetFileInfo(file.Source.Path ?? "").PhysicalPath);
                    case HoconStringConfigurationProvider { Root: { } text }:
                        return (text, null);
                }
            }
        }
        throw new InvalidOperationException("AddMuxActors needs a HOCON configuration source: call AddHoconFile or AddHoconString first.");
    }
}
