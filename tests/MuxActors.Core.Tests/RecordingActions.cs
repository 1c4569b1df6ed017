using MuxActors.Core.Output;

namespace MuxActors.Core.Tests;

/// <summary>Records what a fan-out asks for; plays sinks that write when told to (<see cref="Drain"/>).</summary>
internal sealed class RecordingActions : IFanoutActions<string>
{
    public Dictionary<string, List<byte>> Received { get; } = [];
    public Dictionary<string, List<long>> Offsets { get; } = [];
    public Dictionary<string, long> Unacked { get; } = [];
    public List<string> Events { get; } = [];
    public List<(string Sink, string Text)> Notices { get; } = [];
    public bool Paused { get; private set; }

    /// <summary>Sinks that write up to this many bytes of each send at once (as an idle socket does), the rest later.</summary>
    public Dictionary<string, int> WritesAtOnce { get; } = [];

    public int Send(string sink, long offset, ReadOnlyMemory<byte> data)
    {
        Get(Received, sink).AddRange(data.ToArray());
        Get(Offsets, sink).Add(offset);
        var now = Math.Min(data.Length, WritesAtOnce.GetValueOrDefault(sink));
        Unacked[sink] = Unacked.GetValueOrDefault(sink) + data.Length - now;
        return now;
    }

    public void Notice(string sink, string text) => Notices.Add((sink, text));

    public void Disconnect(string sink, string reason) => Events.Add($"disconnect {sink}: {reason}");

    public void PauseFrontend()
    {
        Assert.False(Paused, "paused twice");
        Paused = true;
        Events.Add("pause");
    }

    public void ResumeFrontend()
    {
        Assert.True(Paused, "resumed while not paused");
        Paused = false;
        Events.Add("resume");
    }

    /// <summary>The sink writes everything it was sent; returns the byte count to acknowledge.</summary>
    public long Drain(string sink)
    {
        var n = Unacked.GetValueOrDefault(sink);
        Unacked[sink] = 0;
        return n;
    }

    public byte[] ReceivedBy(string sink) => Received.TryGetValue(sink, out var b) ? [.. b] : [];

    private static List<T> Get<T>(Dictionary<string, List<T>> map, string key)
    {
        if (!map.TryGetValue(key, out var list))
            map[key] = list = [];
        return list;
    }
}
