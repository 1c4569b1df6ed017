using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MuxActors.Core.Metrics;

/// <summary>
/// The <c>MuxActors</c> meter's counters, added to by the actors themselves as traffic flows (<c>Counter.Add</c> is
/// thread-safe and costs next to nothing while nobody listens). Counting where the event happens keeps each
/// counter monotonic across clients that come and go, and live for <c>dotnet-counters</c> without asking any actor.
/// The gauges (clients, lag, console state, uptime) are the service's: they read a snapshot of the muxes' status.
/// One static meter for the process, like the runtime's own: an actor has no service provider to get one from.
/// Names follow OpenTelemetry's style (dot-separated, the unit in <c>unit</c>); the Prometheus exporter turns
/// <c>muxactors.output</c> in bytes into <c>muxactors_output_bytes_total</c>.
/// </summary>
public static class MuxMetrics
{
    /// <summary>The meter's name: <c>dotnet-counters monitor --counters MuxActors</c>, <c>AddMeter("MuxActors")</c>.</summary>
    public const string MeterName = "MuxActors";

    /// <summary>The meter every MuxActors counter belongs to.</summary>
    public static Meter Meter { get; } = new(MeterName, typeof(MuxMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>Bytes the console printed (tag <c>mux</c>).</summary>
    public static Counter<long> OutputBytes { get; } =
        Meter.CreateCounter<long>("muxactors.output", "By", "Bytes the console printed.");

    /// <summary>Bytes written toward the console from all backends (tag <c>mux</c>).</summary>
    public static Counter<long> InputBytes { get; } =
        Meter.CreateCounter<long>("muxactors.input", "By", "Bytes written toward the console from all backends.");

    /// <summary>Input discarded: from read-only backends, or while the console is down (tag <c>mux</c>).</summary>
    public static Counter<long> InputDiscardedBytes { get; } =
        Meter.CreateCounter<long>("muxactors.input.discarded", "By", "Input discarded (read-only backends, console down).");

    /// <summary>Restarts of a failed chardev actor (tags <c>mux</c>, <c>chardev</c>).</summary>
    public static Counter<long> ChardevRestarts { get; } =
        Meter.CreateCounter<long>("muxactors.chardev.restarts", "{restart}", "Restarts of a failed chardev actor.");

    /// <summary>Bytes skipped under the drop policy (tags <c>mux</c>, <c>backend</c>, <c>type</c>).</summary>
    public static Counter<long> DroppedBytes { get; } =
        Meter.CreateCounter<long>("muxactors.backend.dropped", "By", "Bytes skipped under the drop policy for a backend's clients.");

    /// <summary>Clients a socket server backend accepted (tags <c>mux</c>, <c>backend</c>, <c>type</c>).</summary>
    public static Counter<long> ClientsAccepted { get; } =
        Meter.CreateCounter<long>("muxactors.backend.clients.accepted", "{client}", "Clients a socket server backend accepted.");

    /// <summary>Clients a socket server backend refused because <c>max-clients</c> were connected (tags as accepted).</summary>
    public static Counter<long> ClientsRefused { get; } =
        Meter.CreateCounter<long>("muxactors.backend.clients.refused", "{client}", "Clients a socket server backend refused (max-clients reached).");

    /// <summary>The tags of a backend's series: mux, backend (the chardev id) and its type.</summary>
    public static TagList BackendTags(string mux, string backend, string type) =>
        new() { { "mux", mux }, { "backend", backend }, { "type", type } };
}
