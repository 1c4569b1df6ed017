using MuxActors.Core.Mux;

namespace MuxActors.Service.Management;

/// <summary>Turns a mux's status snapshot and the chardev catalog into the API's view of it.</summary>
internal static class MuxViews
{
    /// <summary>The view of a mux that did not answer (restarting, or wedged).</summary>
    public static MuxView NotResponding(string name) =>
        new(name, "not-responding", null, 0, 0, 0, false, false, 0, null, null, new Dictionary<string, int>(), []);

    /// <summary>The view of <paramref name="status"/>; types come from <paramref name="chardevs"/>.</summary>
    public static MuxView From(MuxStatus status, ChardevList chardevs, DateTimeOffset now)
    {
        var types = chardevs.Chardevs.Where(c => c.Mux == status.Name)
            .GroupBy(c => c.LocalId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Type, StringComparer.Ordinal);
        var frontendPort = status.Ports.FirstOrDefault(p => p.Role == "frontend");
        var frontend = new FrontendView(status.FrontendId, types.GetValueOrDefault(status.FrontendId), status.FrontendOpen,
            frontendPort?.Peer, frontendPort?.Since, frontendPort?.BytesIn ?? 0, frontendPort?.BytesOut ?? 0);
        var clients = status.Ports.Where(p => p.Role != "frontend").ToLookup(p => p.ChardevId, StringComparer.Ordinal);
        // Configured backends first, in order, then ad-hoc ports (attach, tail) that belong to none of them.
        var ids = status.Backends.Concat(clients.Select(g => g.Key).Where(id => !status.Backends.Contains(id))).ToList();
        var backends = ids.Select(id => new BackendView(id, types.GetValueOrDefault(id) ?? "attach",
            [.. clients[id].Select(p => new ClientView(p.Peer, p.BytesIn, p.BytesOut, p.Lag, p.Dropped, p.Policy, p.Since))])).ToList();
        var consoles = status.Kind != "mux-fe" ? null : status.Consoles.Select(id =>
        {
            var port = status.Ports.FirstOrDefault(p => p.Role == "frontend" && p.ChardevId == id);
            return new FrontendView(id, types.GetValueOrDefault(id), port is not null, port?.Peer, port?.Since, port?.BytesIn ?? 0, port?.BytesOut ?? 0);
        }).ToList();
        if (consoles is not null)
            frontend = consoles.FirstOrDefault(c => c.Id == status.Focus);
        return new MuxView(status.Name, "running", frontend, status.OutputBytes, status.InputBytes, status.InputDiscarded,
            status.FrontendPaused, status.BackendsPaused, backends.Sum(b => b.Clients.Count), status.Started,
            Math.Round((now - status.Started).TotalSeconds, 3), status.Restarts, backends)
        {
            Kind = status.Kind,
            Consoles = consoles,
            Focus = status.Focus,
        };
    }
}
