using Akka.Event;
using MuxActors.Core.Metrics;
using MuxActors.Core.Supervision;

namespace MuxActors.Core.Mux;

/// <summary>The restarts of a mux's chardevs: counted for its status, metered and published for the event stream.</summary>
internal sealed class ChardevRestarts(string mux, EventStream events, TimeProvider time)
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly KeyValuePair<string, object?> _muxTag = new("mux", mux);

    /// <summary>A copy of the counts per chardev id, for a status reply.</summary>
    public Dictionary<string, int> Snapshot() => new(_counts);

    /// <summary>The supervisor strategy's report of a failed chardev actor.</summary>
    public void Record(ChildFailure failure)
    {
        var id = failure.Child.Path.Name;
        _counts[id] = _counts.GetValueOrDefault(id) + 1;
        MuxMetrics.ChardevRestarts.Add(1, _muxTag, new("chardev", id));
        events.Publish(new ChardevRestarted(mux, time.GetUtcNow(), id, failure.Cause.Message, failure.Delay));
    }
}
