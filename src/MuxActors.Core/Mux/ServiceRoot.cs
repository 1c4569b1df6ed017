using Akka.Actor;
using Akka.Event;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Config;
using MuxActors.Core.Supervision;

namespace MuxActors.Core.Mux;

/// <summary>Make the running muxes match <paramref name="Config"/>; replies <see cref="Reconciled"/>.</summary>
public sealed record Reconcile(ServiceConfig Config);

/// <summary>What a <see cref="Reconcile"/> did.</summary>
public sealed record Reconciled(IReadOnlyList<string> Started, IReadOnlyList<string> Stopped, IReadOnlyList<string> Updated, IReadOnlyList<string> Unchanged);

/// <summary>Ask the root for its muxes by name; replies <see cref="MuxList"/>.</summary>
public sealed record ListMuxes
{
    /// <summary>The single instance.</summary>
    public static ListMuxes Instance { get; } = new();
}

/// <summary>The running muxes.</summary>
public sealed record MuxList(IReadOnlyDictionary<string, IActorRef> Muxes);

/// <summary>
/// <c>/user/muxes</c>: one <see cref="MuxSupervisor"/> child per configured mux. On <see cref="Reconcile"/> (start-up
/// and every reload) unchanged muxes are left alone, muxes whose backends changed are updated in place (clients of
/// unchanged backends stay connected), muxes whose frontend or settings changed are restarted, removed ones stop and
/// new ones start. A mux that fails is restarted with backoff by this actor.
/// </summary>
public sealed partial class ServiceRoot : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ChardevRegistry _registry;
    private readonly Dictionary<string, (IActorRef Actor, MuxDefinition Definition)> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MuxDefinition> _startWhenStopped = new(StringComparer.Ordinal);
    // A mux that fails is restarted after a backoff; its mailbox (management requests) waits meanwhile. One that cannot
    // even start is a bug that a retry will not fix: it is stopped (and logged by Akka), so it does not hold up the
    // root's requests to it for ever.
    private readonly SupervisorStrategy _strategy = new BackoffRestartStrategy(MuxSettings.Default.Restart,
        static cause => cause is ActorInitializationException or ActorKilledException or DeathPactException ? Directive.Stop : Directive.Restart,
        childKind: "Mux");

    /// <summary>Creates the root.</summary>
    public ServiceRoot(ChardevRegistry registry)
    {
        _registry = registry;
        Receive<Reconcile>(r => Sender?.Tell(Apply(r.Config)));
        Receive<ListMuxes>(_ => Sender?.Tell(new MuxList(_running.ToDictionary(m => m.Key, m => m.Value.Actor))));
        Receive<Terminated>(OnTerminated);
        ReceiveCatalogCommands();
    }

    /// <summary>Props for the root.</summary>
    public static Props Props(ChardevRegistry registry) => Akka.Actor.Props.Create(() => new ServiceRoot(registry));

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() => _strategy;

    private Reconciled Apply(ServiceConfig config)
    {
        List<string> started = [], stopped = [], updated = [], unchanged = [];
        RebuildCatalog(config);
        var wanted = config.Muxes.ToDictionary(m => m.Name, StringComparer.Ordinal);
        foreach (var (name, (actor, _)) in _running.ToArray())
        {
            if (wanted.ContainsKey(name))
                continue;
            Context.Stop(actor);
            _running.Remove(name);
            stopped.Add(name);
        }
        foreach (var definition in config.Muxes)
        {
            if (!_running.TryGetValue(definition.Name, out var current))
            {
                Start(definition);
                started.Add(definition.Name);
            }
            else if (MuxDefinitions.Same(current.Definition, definition) && !_changedAtRunTime.Contains(definition.Name))
            {
                unchanged.Add(definition.Name);
            }
            else if (MuxDefinitions.OnlyBackendsDiffer(current.Definition, definition))
            {
                current.Actor.Tell(new ApplyDefinition(definition), Self);
                _running[definition.Name] = (current.Actor, definition);
                updated.Add(definition.Name);
            }
            else
            {
                // The console side or the watermarks changed: restart this mux once the old one has stopped.
                Context.Stop(current.Actor);
                _running.Remove(definition.Name);
                _startWhenStopped[definition.Name] = definition;
                updated.Add(definition.Name);
            }
        }
        _changedAtRunTime.Clear(); // the file wins: run-time changes were reconciled away above
        _log.Info("Configuration applied: {Started} started, {Stopped} stopped, {Updated} updated, {Unchanged} unchanged",
            started.Count, stopped.Count, updated.Count, unchanged.Count);
        return new Reconciled(started, stopped, updated, unchanged);
    }

    private void Start(MuxDefinition definition)
    {
        if (!Context.Child(definition.Name).IsNobody())
        {
            _startWhenStopped[definition.Name] = definition; // its predecessor is still stopping
            return;
        }
        var actor = Context.ActorOf(MuxDefinitions.Props(definition, _registry), definition.Name);
        Context.Watch(actor);
        _running[definition.Name] = (actor, definition);
    }

    private void OnTerminated(Terminated terminated)
    {
        var name = terminated.ActorRef.Path.Name;
        if (_running.TryGetValue(name, out var current) && current.Actor.Equals(terminated.ActorRef))
            _running.Remove(name); // stopped by its supervisor after repeated failures
        if (_startWhenStopped.Remove(name, out var next))
            Start(next);
    }
}

/// <summary>Comparisons of mux definitions, ignoring where in the file things were written.</summary>
public static class MuxDefinitions
{
    /// <summary>Whether two definitions would run identically.</summary>
    public static bool Same(MuxDefinition a, MuxDefinition b) =>
        SameConsoleSide(a, b) && a.Backends.Count == b.Backends.Count
        && a.Backends.Zip(b.Backends).All(p => p.First.SameSettingsAs(p.Second));

    /// <summary>
    /// Whether the frontend and mux settings are the same (backends may differ), so the mux can be updated in place;
    /// a mux-fe is restarted on any change.
    /// </summary>
    public static bool OnlyBackendsDiffer(MuxDefinition a, MuxDefinition b) =>
        a.FrontendMux is null && b.FrontendMux is null && SameConsoleSide(a, b);

    /// <summary>The actor that runs <paramref name="definition"/>: a <see cref="MuxSupervisor"/>, or a <see cref="MuxFe.FrontendMux"/>.</summary>
    public static Props Props(MuxDefinition definition, ChardevRegistry registry) =>
        definition.FrontendMux is null ? MuxSupervisor.Props(definition, registry) : MuxFe.FrontendMux.Props(definition, registry);

    private static bool SameConsoleSide(MuxDefinition a, MuxDefinition b) =>
        a.Name == b.Name && a.Settings == b.Settings && a.Frontend.SameSettingsAs(b.Frontend)
        && (a.FrontendMux is null ? b.FrontendMux is null : a.FrontendMux.SameAs(b.FrontendMux));
}
