using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Akka;
using Akka.Actor;
using Akka.Hosting;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Config;
using MuxActors.Core.Mux;
using MuxActors.Core.Protocol;
using MuxActors.Hocon;
using MuxActors.Posix;
using MuxActors.Service.Systemd;

namespace MuxActors.Service.Hosting;

/// <summary>
/// Runs the configured muxes for the lifetime of the host: starts them (the host's systemd lifetime sends READY=1
/// once this service and the rest of the host have started), proves liveness to the watchdog through the actor
/// system, reloads on SIGHUP (keeping unchanged backends and their clients, with RELOADING=1 then READY=1) and stops
/// gracefully (clients told, files flushed) on SIGTERM/SIGINT.
/// </summary>
public sealed class MuxActorsService : IHostedService, IDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    // A listener that takes longer than this is not waited for (it is logged): well inside the unit's TimeoutStartSec.
    private static readonly TimeSpan ListenTimeout = TimeSpan.FromSeconds(20);
    // How long lossless clients get to catch up with the last console output before the notice goes out anyway.
    private static readonly TimeSpan StopCatchUp = TimeSpan.FromSeconds(5);
    private readonly ActorSystem _system;
    private readonly IRequiredActor<ServiceRoot> _root;
    private readonly MuxConfigLoader _loader;
    private readonly ChardevRegistry _registry;
    private readonly MuxActorsHostingOptions _options;
    private readonly HoconObject _initial;
    private readonly ILogger _log;
    private readonly ServiceNotifier _systemd;
    private readonly SemaphoreSlim _reloadLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private PosixSignalRegistration? _sighup;
    private Task _watchdog = Task.CompletedTask;

    /// <summary>
    /// Creates the service; <paramref name="initial"/> is the configuration it starts with. Its sd_notify states go
    /// through <paramref name="systemd"/>.
    /// </summary>
    public MuxActorsService(ActorSystem system, IRequiredActor<ServiceRoot> root, MuxConfigLoader loader, ChardevRegistry registry,
        MuxActorsHostingOptions options, HoconObject initial, ILogger<MuxActorsService> log, ServiceNotifier systemd)
    {
        ArgumentNullException.ThrowIfNull(systemd);
        _systemd = systemd;
        _system = system;
        _root = root;
        _loader = loader;
        _registry = registry;
        _options = options;
        _initial = initial;
        _log = log;
    }

    /// <summary>The actor that owns every mux (<c>/user/muxes</c>), from the actor registry once the service started.</summary>
    public IActorRef Root { get; private set; } = ActorRefs.Nobody;

    /// <summary>The configuration currently applied.</summary>
    public ServiceConfig? Current { get; private set; }

    /// <summary>Raised after every reload attempt with the errors (empty on success).</summary>
    public event Action<IReadOnlyList<ConfigError>>? Reloaded;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (config, errors) = _loader.Load(_initial);
        if (config is null)
            throw new ConfigException(errors);
        Root = await _root.GetAsync(cancellationToken).ConfigureAwait(false);
        // Akka's CoordinatedShutdown runs the stop, whoever starts it (SIGTERM through the host, or the actor system):
        // clients are told first, then the actors stop (logs flushed, socket files removed).
        CoordinatedShutdown.Get(_system).AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "muxactors-tell-clients", async () =>
        {
            // STOPPING=1 came from the host's lifetime when the stop began; this is the status line that follows it.
            _systemd.Status("stopping: telling clients and flushing logs");
            _log.LogInformation("Stopping: telling clients and flushing logs");
            await StopMuxesAsync("\r\n[muxactors: the service is stopping]\r\n").ConfigureAwait(false);
            return Done.Instance;
        });
        if (_options.ReloadOnSighup && _options.ConfigFile is not null)
        {
            if (IgnoredSignals.IsIgnored(PosixSignals.SIGHUP))
                _log.LogWarning("SIGHUP is ignored in this process (started under nohup?), so it will not reload {File}; start the service without nohup (under systemd it is not ignored)", _options.ConfigFile);
            // Registered before anything starts: an early SIGHUP must reload (it waits for start-up), never kill us.
            _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                _ = ReloadAsync();
            });
        }
        await _reloadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ApplyAsync(config).ConfigureAwait(false);
        }
        finally
        {
            _reloadLock.Release();
        }
        _log.LogInformation("MuxActors ready: {Count} mux(es) running", config.Muxes.Count);
        // The host's systemd lifetime sends READY=1 (with this status) once every hosted service has started.
        _systemd.SetStatus($"{config.Muxes.Count} mux(es) running");
        if (_systemd.IsEnabled && ServiceNotifier.WatchdogInterval() is { } interval)
            _watchdog = WatchdogAsync(interval / 2, _stopping.Token);
    }

    /// <summary>Re-reads the configuration file; a bad file is rejected with its errors and the running configuration stays.</summary>
    public async Task<IReadOnlyList<ConfigError>> ReloadAsync()
    {
        if (_options.ConfigFile is not { } file)
            return [new ConfigError("no configuration file to reload", null, null)];
        await _reloadLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _systemd.Reloading();
            _log.LogInformation("Reloading {File}", file);
            var (config, errors) = _loader.LoadFile(file);
            if (config is null)
            {
                foreach (var error in errors)
                    _log.LogError("Reload rejected: {Error}", error.ToString());
                _log.LogWarning("Reload of {File} rejected ({Count} error(s)); the running configuration stays", file, errors.Count);
            }
            else
            {
                await ApplyAsync(config).ConfigureAwait(false);
            }
            _systemd.Ready(config is null ? "reload rejected; previous configuration running" : $"{config.Muxes.Count} mux(es) running");
            Reloaded?.Invoke(errors);
            return errors;
        }
        finally
        {
            _reloadLock.Release();
        }
    }

    private async Task ApplyAsync(ServiceConfig config)
    {
        var result = await Root.Ask<Reconciled>(new Reconcile(config), StartTimeout).ConfigureAwait(false);
        Current = config;
        // Ready means every mux has started and each chardev that listens has bound its address, or failed to and
        // restarts with backoff: a client started after READY=1 can connect (the binds happen in the chardevs' own
        // actors, and came 100 ms after the muxes on one busy core). Asked of all muxes at once, with room for a
        // loaded machine: a thousand muxes starting with their clients took over 5 s to answer one by one at a load
        // average of 10, and a slow start is no reason to fail the service.
        var muxes = await Root.Ask<MuxList>(ListMuxes.Instance, StartTimeout).ConfigureAwait(false);
        var answers = await Task.WhenAll(muxes.Muxes.Select(async mux => (mux.Key, Listens: await ListensAsync(mux.Value)))).ConfigureAwait(false);
        var late = answers.Where(a => !a.Listens).Select(a => a.Key).Order(StringComparer.Ordinal).ToList();
        if (late.Count > 0)
            _log.LogWarning("{Count} mux(es) with a chardev that still does not listen after {Seconds} s, going on without it: {Muxes}",
                late.Count, ListenTimeout.TotalSeconds, string.Join(", ", late.Take(10)) + (late.Count > 10 ? ", ..." : ""));
        if (_options.PrintAttachHints)
            PrintHints(config, result);
    }

    private static async Task<bool> ListensAsync(IActorRef mux)
    {
        try
        {
            await mux.Ask<MuxListening>(AwaitListening.Instance, ListenTimeout).ConfigureAwait(false);
            return true;
        }
        catch (AskTimeoutException)
        {
            return false;
        }
    }

    private void PrintHints(ServiceConfig config, Reconciled result)
    {
        foreach (var mux in config.Muxes.Where(m => result.Started.Contains(m.Name) || result.Updated.Contains(m.Name)))
        {
            _log.LogInformation("Mux {Mux}: console {Frontend} ({Type}), {Count} backend(s)", mux.Name, mux.Frontend.Id, mux.Frontend.Type, mux.Backends.Count);
            foreach (var backend in mux.Backends)
            {
                if (_registry.Find(backend.Type)?.AttachHint(backend) is { } hint)
                    _log.LogInformation("  {Backend}: {Hint}", backend.Id, hint);
            }
        }
    }

    private async Task WatchdogAsync(TimeSpan every, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(every, _options.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    // Only an answering actor system earns a ping: a wedged mailbox lets systemd restart us.
                    await Root.Ask<MuxList>(ListMuxes.Instance, every, ct).ConfigureAwait(false);
                    _systemd.Watchdog();
                }
                catch (AskTimeoutException)
                {
                    _log.LogError("Watchdog: the actor system did not answer within {Interval}", every);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _sighup?.Dispose();
        // Akka.Hosting runs the same shutdown after us; running it here lets us wait for the sessions it closes.
        await CoordinatedShutdown.Get(_system).Run(CoordinatedShutdown.ClrExitReason.Instance).WaitAsync(cancellationToken).ConfigureAwait(false);
        await Chardevs.Common.PortSessions.WhenAllClosedAsync(_options.DrainTimeout).ConfigureAwait(false);
        await _watchdog.ConfigureAwait(false);
    }

    /// <summary>
    /// Every mux stops reading its console, lets its lossless clients and logs catch up, then tells its clients: the
    /// notice is the last thing each of them gets, and a log file ends with the same bytes as every lossless client.
    /// </summary>
    private async Task StopMuxesAsync(string text)
    {
        try
        {
            var muxes = await Root.Ask<MuxList>(ListMuxes.Instance, AskTimeout).ConfigureAwait(false);
            await Task.WhenAll(muxes.Muxes.Values.Select(m =>
                m.Ask<MuxCommandResult>(new StopForShutdown(text, StopCatchUp), StopCatchUp + AskTimeout))).ConfigureAwait(false);
        }
        catch (AskTimeoutException ex)
        {
            _log.LogWarning("Not every mux could tell its clients about the stop: {Reason}", ex.Message);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _sighup?.Dispose();
        _reloadLock.Dispose();
        _stopping.Dispose();
    }
}
