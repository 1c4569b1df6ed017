using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MuxActors.Core.Metrics;

namespace MuxActors.Core.Tests;

/// <summary>
/// Sums what the <c>MuxActors</c> meter's counters record for one mux, through a <see cref="MeterListener"/>. The
/// meter is process-wide and tests run in parallel: only measurements tagged with this recorder's mux count.
/// </summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    public MeasurementRecorder(string mux)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MuxMetrics.MeterName)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var all = tags.ToArray();
            if (!all.Any(t => t.Key == "mux" && Equals(t.Value, mux)))
                return;
            var key = instrument.Name + "{" + string.Join(",", all.Where(t => t.Key != "mux").Select(t => $"{t.Key}={t.Value}")) + "}";
            _totals.AddOrUpdate(key, value, (_, total) => total + value);
        });
        _listener.Start();
    }

    /// <summary>The sum recorded by <paramref name="instrument"/> with <paramref name="tags"/> (besides <c>mux</c>), as <c>k=v,k=v</c>.</summary>
    public long Total(string instrument, string tags = "") => _totals.GetValueOrDefault(instrument + "{" + tags + "}");

    public void Dispose() => _listener.Dispose();
}
