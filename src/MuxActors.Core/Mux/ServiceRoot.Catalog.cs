using Akka.Actor;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Config;

namespace MuxActors.Core.Mux;

/// <summary>
/// The chardev catalog and run-time changes (the management API's chardev-add / chardev-remove), with QEMU's wording.
/// Run-time changes are not written to the configuration file: the next reload reconciles back to the file.
/// </summary>
public sealed partial class ServiceRoot
{
    private static readonly TimeSpan MuxTimeout = TimeSpan.FromSeconds(5);
    private readonly Dictionary<string, CatalogEntry> _catalog = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedAtRunTime = new(StringComparer.Ordinal);

    /// <summary>A chardev known by its global id; <paramref name="Mux"/> is null while unattached.</summary>
    private sealed record CatalogEntry(ChardevSpec Spec, string? Mux, string Role);

    private void ReceiveCatalogCommands()
    {
        Receive<ListChardevs>(_ => Sender?.Tell(new ChardevList(
            [.. _catalog.OrderBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => new ChardevEntry(c.Key, c.Value.Spec.Type, c.Value.Mux, c.Value.Spec.Id, c.Value.Role))])));
        ReceiveAsync<AddChardev>(async add => Sender?.Tell(await AddChardevAsync(add)));
        Receive<RemoveChardev>(remove => Sender?.Tell(RemoveChardev(remove.Id)));
        ReceiveAsync<DetachBackend>(async detach => Sender?.Tell(await DetachAsync(detach)));
        Receive<AddMux>(add => Sender?.Tell(AddMux(add.Definition)));
        ReceiveAsync<RemoveMux>(async remove => Sender?.Tell(await RemoveMuxAsync(remove)));
    }

    private void RebuildCatalog(ServiceConfig config)
    {
        _catalog.Clear();
        foreach (var mux in config.Muxes)
            RebuildCatalogEntries(mux);
    }

    /// <summary>Named chardevs keep their id; inline ones are known as <c>mux.id</c>.</summary>
    private static string GlobalId(string mux, ChardevSpec spec) =>
        spec.KeyPath.StartsWith("muxactors.chardevs.", StringComparison.Ordinal) ? spec.Id : $"{mux}.{spec.Id}";

    private async Task<MuxCommandResult> AddChardevAsync(AddChardev add)
    {
        var id = add.Spec.Id;
        if (_catalog.ContainsKey(id))
            return new(false, $"Chardev with id '{id}' already exists", "conflict");
        if (add.MuxBeId is not { } muxName)
        {
            _catalog[id] = new CatalogEntry(add.Spec, null, "backend");
            return MuxCommandResult.Success;
        }
        if (!_running.TryGetValue(muxName, out var mux))
            return new(false, $"mux-be-id '{muxName}' can't be found (no mux with that id)", "not-found");
        var result = await mux.Actor.Ask<MuxCommandResult>(new AddBackend(add.Spec), MuxTimeout);
        if (result.Ok)
        {
            // A chardev that joins a mux-fe is one more console of it.
            _catalog[id] = new CatalogEntry(add.Spec, muxName, mux.Definition.FrontendMux is null ? "backend" : "frontend");
            _changedAtRunTime.Add(muxName);
        }
        return result;
    }

    private MuxCommandResult RemoveChardev(string id)
    {
        if (!_catalog.TryGetValue(id, out var entry))
            return new(false, $"Chardev '{id}' not found", "not-found");
        if (entry.Mux is not null)
            return new(false, $"Chardev '{id}' is busy", "busy");
        _catalog.Remove(id);
        return MuxCommandResult.Success;
    }

    private async Task<MuxCommandResult> DetachAsync(DetachBackend detach)
    {
        if (!_running.TryGetValue(detach.Mux, out var mux))
            return new(false, $"mux '{detach.Mux}' not found", "not-found");
        var result = await mux.Actor.Ask<MuxCommandResult>(new RemoveBackend(detach.Id), MuxTimeout);
        if (!result.Ok)
            return result;
        _changedAtRunTime.Add(detach.Mux);
        foreach (var (id, entry) in _catalog.ToArray())
        {
            if (entry.Mux == detach.Mux && entry.Spec.Id == detach.Id)
                _catalog[id] = entry with { Mux = null }; // defined but unattached: chardev-remove may now delete it
        }
        return result;
    }

    private MuxCommandResult AddMux(MuxDefinition definition)
    {
        if (_running.ContainsKey(definition.Name) || _startWhenStopped.ContainsKey(definition.Name))
            return new(false, $"Mux with id '{definition.Name}' already exists", "conflict");
        var taken = definition.Backends.Concat(definition.Consoles).Select(s => GlobalId(definition.Name, s)).FirstOrDefault(_catalog.ContainsKey);
        if (taken is not null)
            return new(false, $"Chardev with id '{taken}' already exists", "conflict");
        Start(definition);
        RebuildCatalogEntries(definition);
        _changedAtRunTime.Add(definition.Name);
        return MuxCommandResult.Success;
    }

    private void RebuildCatalogEntries(MuxDefinition definition)
    {
        foreach (var console in definition.Consoles)
            _catalog[GlobalId(definition.Name, console)] = new CatalogEntry(console, definition.Name, "frontend");
        foreach (var backend in definition.Backends)
            _catalog[GlobalId(definition.Name, backend)] = new CatalogEntry(backend, definition.Name, "backend");
    }

    private async Task<MuxCommandResult> RemoveMuxAsync(RemoveMux remove)
    {
        if (!_running.TryGetValue(remove.Name, out var mux))
            return new(false, $"mux '{remove.Name}' not found", "not-found");
        if (!remove.Force)
        {
            var status = await mux.Actor.Ask<MuxStatus>(GetMuxStatus.Instance, MuxTimeout);
            // QEMU's rule for a mux-fe: busy while any frontend is attached (detach them first).
            if (status.Kind == "mux-fe" && status.Consoles.Count > 0)
                return new(false, $"Chardev '{remove.Name}' is busy ({status.Consoles.Count} frontend(s) attached: {string.Join(", ", status.Consoles)}; detach them or use force)", "busy");
            if (status.FrontendOpen)
                return new(false, $"Chardev '{remove.Name}' is busy (its console is connected; use force to remove it anyway)", "busy");
        }
        Context.Stop(mux.Actor);
        _running.Remove(remove.Name);
        foreach (var (id, entry) in _catalog.ToArray())
        {
            if (entry.Mux == remove.Name)
                _catalog.Remove(id);
        }
        return MuxCommandResult.Success;
    }
}
