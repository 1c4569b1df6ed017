using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Akka.Actor;
using MuxActors.Core.Time;
using MuxActors.Core.Mux;

namespace MuxActors.Service.Management;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format (version 0.0.4). Per mux: console state, output and input bytes,
/// uptime, chardev restarts; per backend: clients, bytes, the largest lag and the drops of the clients connected now;
/// for the process: CPU, memory, threads and the garbage collector (see <see cref="ProcessMetrics"/>).
/// </summary>
internal sealed class MetricsEndpoint(ManagementContext api)
{
    /// <summary>Handles the request.</summary>
    public async Task WriteAsync(HttpContext context)
    {
        var muxes = await api.Root.Ask<MuxList>(ListMuxes.Instance, ManagementContext.AskTimeout).ConfigureAwait(false);
        var chardevs = await api.ChardevsAsync().ConfigureAwait(false);
        var now = api.System.Clock().GetUtcNow();
        var views = new List<MuxView>();
        foreach (var (name, mux) in muxes.Muxes.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            try
            {
                views.Add(MuxViews.From(await mux.Ask<MuxStatus>(GetMuxStatus.Instance, ManagementContext.AskTimeout).ConfigureAwait(false), chardevs, now));
            }
            catch (AskTimeoutException)
            {
                views.Add(MuxViews.NotResponding(name));
            }
        }
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await context.Response.WriteAsync(Render(views) + ProcessMetrics.Render(), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The exposition text for <paramref name="muxes"/>.</summary>
    internal static string Render(IReadOnlyList<MuxView> muxes)
    {
        var text = new StringBuilder();
        var running = muxes.Where(m => m.Frontend is not null).ToList();
        Family(text, "muxactors_mux_up", "gauge", "Whether the mux answers (1) or is restarting or not responding (0).",
            muxes.Select(m => (Labels(("mux", m.Name)), (double)(m.Frontend is null ? 0 : 1))));
        Family(text, "muxactors_frontend_up", "gauge", "Whether the console of the mux is connected.",
            running.Select(m => (Labels(("mux", m.Name)), (double)(m.Frontend!.Up ? 1 : 0))));
        Family(text, "muxactors_output_bytes_total", "counter", "Bytes the console printed since the mux started.",
            running.Select(m => (Labels(("mux", m.Name)), (double)m.OutputBytes)));
        Family(text, "muxactors_input_bytes_total", "counter", "Bytes written toward the console from all backends since the mux started.",
            running.Select(m => (Labels(("mux", m.Name)), (double)m.InputBytes)));
        Family(text, "muxactors_input_discarded_bytes_total", "counter", "Input discarded (read-only backends, console down).",
            running.Select(m => (Labels(("mux", m.Name)), (double)m.InputDiscarded)));
        Family(text, "muxactors_uptime_seconds", "gauge", "Seconds since the mux started.",
            running.Select(m => (Labels(("mux", m.Name)), m.UptimeSeconds ?? 0)));
        Family(text, "muxactors_chardev_restarts_total", "counter", "Restarts of a failed chardev actor since the mux started.",
            running.SelectMany(m => m.Restarts.OrderBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => (Labels(("mux", m.Name), ("chardev", r.Key)), (double)r.Value))));
        var backends = running.SelectMany(m => m.Backends.Select(b => (Mux: m.Name, Backend: b))).ToList();
        Family(text, "muxactors_backend_clients", "gauge", "Clients (or open sinks) of a backend.",
            backends.Select(x => (BackendLabels(x.Mux, x.Backend), (double)x.Backend.Clients.Count)));
        Family(text, "muxactors_backend_sent_bytes", "gauge", "Bytes written to the backend's clients connected now.",
            backends.Select(x => (BackendLabels(x.Mux, x.Backend), (double)x.Backend.Clients.Sum(c => c.BytesOut))));
        Family(text, "muxactors_backend_received_bytes", "gauge", "Bytes read from the backend's clients connected now.",
            backends.Select(x => (BackendLabels(x.Mux, x.Backend), (double)x.Backend.Clients.Sum(c => c.BytesIn))));
        Family(text, "muxactors_backend_lag_bytes", "gauge", "The largest lag behind the output log head among the backend's clients.",
            backends.Select(x => (BackendLabels(x.Mux, x.Backend), (double)x.Backend.Clients.Select(c => c.Lag).DefaultIfEmpty(0).Max())));
        Family(text, "muxactors_backend_dropped_bytes", "gauge", "Bytes skipped under the drop policy by the backend's clients connected now.",
            backends.Select(x => (BackendLabels(x.Mux, x.Backend), (double)x.Backend.Clients.Sum(c => c.Dropped))));
        return text.ToString();
    }

    private static string BackendLabels(string mux, BackendView backend) =>
        Labels(("mux", mux), ("backend", backend.Id), ("type", backend.Type));

    internal static void Family(StringBuilder text, string name, string type, string help, IEnumerable<(string Labels, double Value)> samples)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (var (labels, value) in samples)
            text.Append(name).Append(labels).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }

    private static string Labels(params (string Name, string Value)[] labels) =>
        "{" + string.Join(",", labels.Select(l => $"{l.Name}=\"{Escape(l.Value)}\"")) + "}";

    // The exposition format escapes backslash, double quote and line feed in label values.
    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
