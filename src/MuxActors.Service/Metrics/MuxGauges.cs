using System.Diagnostics.Metrics;
using Akka.Actor;
using MuxActors.Core.Metrics;
using MuxActors.Core.Mux;
using MuxActors.Service.Hosting;
using MuxActors.Service.Management;

namespace MuxActors.Service.Metrics;

/// <summary>
/// The gauges of the <c>MuxActors</c> meter: whether each mux answers and its console is up, its uptime, and per
/// backend the clients connected now, their largest lag and the bytes they sent and received. The state lives in the
/// actors, and an observable instrument's callback runs on the collector's thread, where it must not wait for an
/// actor: so the callbacks read a snapshot that <see cref="RefreshAsync"/> takes by asking every mux for its status.
/// <c>/metrics</c> refreshes it before each scrape, and <see cref="MuxGaugeRefresher"/> every second for
/// <c>dotnet-counters</c> and OTLP. The counters are added to by the actors themselves (<see cref="MuxMetrics"/>).
/// </summary>
internal sealed class MuxGauges
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private readonly MuxActorsService _service;
    private readonly TimeProvider _time;
    private volatile IReadOnlyList<MuxView> _muxes = [];

    /// <summary>Creates the gauges on the host's <c>MuxActors</c> meter.</summary>
    public MuxGauges(IMeterFactory meters, MuxActorsService service, MuxActorsHostingOptions options)
    {
        _service = service;
        _time = options.TimeProvider;
        var meter = meters.Create(MuxMetrics.MeterName);
        meter.CreateObservableGauge("muxactors.mux.up",
            () => _muxes.Select(m => new Measurement<int>(m.Frontend is null ? 0 : 1, new KeyValuePair<string, object?>("mux", m.Name))),
            description: "Whether the mux answers (1) or is restarting or not responding (0).");
        meter.CreateObservableGauge("muxactors.frontend.up",
            () => Running().Select(m => new Measurement<int>(m.Frontend!.Up ? 1 : 0, new KeyValuePair<string, object?>("mux", m.Name))),
            description: "Whether the console of the mux is connected.");
        meter.CreateObservableGauge("muxactors.uptime",
            () => Running().Select(m => new Measurement<double>(Math.Round((_time.GetUtcNow() - m.Started!.Value).TotalSeconds, 3),
                new KeyValuePair<string, object?>("mux", m.Name))),
            unit: "s", description: "Seconds since the mux started.");
        meter.CreateObservableUpDownCounter("muxactors.backend.clients",
            () => Backends(b => b.Clients.Count), unit: "{client}", description: "Clients (or open sinks) of a backend, connected now.");
        meter.CreateObservableGauge("muxactors.backend.lag",
            () => Backends(b => b.Clients.Select(c => c.Lag).DefaultIfEmpty(0).Max()), unit: "By",
            description: "The largest lag behind the output log head among the backend's clients.");
        meter.CreateObservableGauge("muxactors.backend.sent",
            () => Backends(b => b.Clients.Sum(c => c.BytesOut)), unit: "By", description: "Bytes written to the backend's clients connected now.");
        meter.CreateObservableGauge("muxactors.backend.received",
            () => Backends(b => b.Clients.Sum(c => c.BytesIn)), unit: "By", description: "Bytes read from the backend's clients connected now.");
    }

    /// <summary>Takes a new snapshot of every mux (one that does not answer in time counts as not responding).</summary>
    public async Task RefreshAsync()
    {
        var root = _service.Root;
        if (root.IsNobody())
            return; // not started yet
        var muxes = await root.Ask<MuxList>(ListMuxes.Instance, AskTimeout).ConfigureAwait(false);
        var chardevs = await root.Ask<ChardevList>(ListChardevs.Instance, AskTimeout).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var views = new List<MuxView>();
        foreach (var (name, mux) in muxes.Muxes.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            try
            {
                views.Add(MuxViews.From(await mux.Ask<MuxStatus>(GetMuxStatus.Instance, AskTimeout).ConfigureAwait(false), chardevs, now));
            }
            catch (AskTimeoutException)
            {
                views.Add(MuxViews.NotResponding(name));
            }
        }
        _muxes = views;
    }

    private IEnumerable<MuxView> Running() => _muxes.Where(m => m.Frontend is not null && m.Started is not null);

    private IEnumerable<Measurement<long>> Backends(Func<BackendView, long> value) =>
        Running().SelectMany(m => m.Backends.Select(b => new Measurement<long>(value(b), MuxMetrics.BackendTags(m.Name, b.Id, b.Type))));
}
