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
/// <c>/metrics</c> refreshes it before each scrape; other listeners (<c>dotnet-counters</c>, OTLP) start a refresh
/// from the callback when the snapshot is older than <see cref="Period"/> and read the previous one meanwhile. With
/// nobody listening nothing is asked: a status of a mux with 10,000 clients every second would cost its fan-out.
/// The counters are added to by the actors themselves (<see cref="MuxMetrics"/>).
/// </summary>
internal sealed class MuxGauges
{
    /// <summary>How old a snapshot may get before a listener's collection asks for a new one (dotnet-counters' refresh).</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private long _takenAt = long.MinValue; // timestamp of the snapshot; MinValue: none yet
    private int _refreshing; // 1 while a refresh started by a collection runs
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
            () => Snapshot().Select(m => new Measurement<int>(m.Frontend is null ? 0 : 1, new KeyValuePair<string, object?>("mux", m.Name))),
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
        Volatile.Write(ref _takenAt, _time.GetTimestamp());
    }

    /// <summary>The snapshot; starts a refresh in the background when it is older than <see cref="Period"/>.</summary>
    private IReadOnlyList<MuxView> Snapshot()
    {
        var takenAt = Volatile.Read(ref _takenAt);
        if ((takenAt == long.MinValue || _time.GetElapsedTime(takenAt) >= Period) && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
            _ = RefreshInBackgroundAsync();
        return _muxes;
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await RefreshAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AskTimeoutException or OperationCanceledException)
        {
            // the root is busy or stopping: the previous snapshot stays
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    private IEnumerable<MuxView> Running() => Snapshot().Where(m => m.Frontend is not null && m.Started is not null);

    private IEnumerable<Measurement<long>> Backends(Func<BackendView, long> value) =>
        Running().SelectMany(m => m.Backends.Select(b => new Measurement<long>(value(b), MuxMetrics.BackendTags(m.Name, b.Id, b.Type))));
}
