using MuxActors.Core.Output;
using MuxActors.TestSupport;

namespace MuxActors.Core.Tests;

public sealed class OutputFanoutTests
{
    private static readonly OutputSettings Small = new(HighWater: 100, LowWater: 20, Window: 40, MaxLag: 400);
    private readonly RecordingActions _actions = new();
    private readonly ManualTimeProvider _clock = new();

    private OutputFanout<string> Create(OutputSettings? settings = null) => new(settings ?? Small, _actions, _clock);

    private static byte[] Bytes(int count, int seed = 0) => Enumerable.Range(seed, count).Select(i => (byte)i).ToArray();

    private static void DrainAll(OutputFanout<string> fanout, RecordingActions actions, params string[] sinks)
    {
        // Keep writing until every sink has everything: acknowledging lets the fan-out send the next window.
        bool progress;
        do
        {
            progress = false;
            foreach (var sink in sinks)
            {
                var n = actions.Drain(sink);
                if (n > 0)
                {
                    fanout.Acknowledge(sink, n);
                    progress = true;
                }
            }
        }
        while (progress);
    }

    [Fact]
    public void Every_sink_gets_every_byte_in_order_exactly_once()
    {
        var fanout = Create();
        fanout.Add("a", SinkOptions.Default);
        fanout.Add("b", SinkOptions.Default);
        var source = new List<byte>();
        for (var i = 0; i < 50; i++)
        {
            var chunk = Bytes(7 + i % 13, i);
            source.AddRange(chunk);
            fanout.Append(chunk);
            DrainAll(fanout, _actions, "a", "b");
        }
        Assert.Equal(source, _actions.ReceivedBy("a"));
        Assert.Equal(source, _actions.ReceivedBy("b"));
        Assert.Equal(0, fanout.Log.RetainedBytes); // nothing kept once everyone has it
    }

    [Fact]
    public void Bytes_a_sink_writes_at_once_count_as_acknowledged()
    {
        var fanout = Create();
        _actions.WritesAtOnce["idle"] = int.MaxValue; // an idle socket: takes everything at once
        _actions.WritesAtOnce["partial"] = 5;         // takes 5 bytes of each send, the rest is written later
        fanout.Add("idle", SinkOptions.Default);
        fanout.Add("partial", SinkOptions.Default);
        var source = new List<byte>();
        for (var i = 0; i < 30; i++)
        {
            var chunk = Bytes(30, i);
            source.AddRange(chunk);
            fanout.Append(chunk);
            Assert.Equal(0, fanout.Sinks["idle"].InFlight); // nothing waits for an acknowledgement
            DrainAll(fanout, _actions, "partial");
        }
        Assert.Equal(source, _actions.ReceivedBy("idle"));
        Assert.Equal(source, _actions.ReceivedBy("partial"));
        Assert.Equal(source.Count, fanout.Sinks["idle"].Delivered);
        Assert.Equal(source.Count, fanout.Sinks["partial"].Delivered);
        Assert.Equal(0, fanout.Log.RetainedBytes);
        Assert.False(fanout.FrontendPaused);
    }

    [Fact]
    public void Sinks_share_the_appended_array()
    {
        var shared = new List<ReadOnlyMemory<byte>>();
        var fanout = new OutputFanout<string>(Small, new CapturingSend(shared), _clock);
        fanout.Add("a", SinkOptions.Default);
        fanout.Add("b", SinkOptions.Default);
        var chunk = Bytes(10);
        fanout.Append(chunk);
        Assert.Equal(2, shared.Count);
        Assert.All(shared, m => Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(m, out var s) && ReferenceEquals(s.Array, chunk)));
    }

    [Fact]
    public void In_flight_bytes_never_exceed_the_window()
    {
        var fanout = Create();
        fanout.Add("a", SinkOptions.Default);
        fanout.Append(Bytes(90));
        Assert.Equal(40, _actions.Unacked["a"]);
        fanout.Acknowledge("a", _actions.Drain("a"));
        Assert.Equal(40, _actions.Unacked["a"]);
    }

    [Fact]
    public void Block_pauses_the_frontend_at_high_water_and_resumes_at_low_water()
    {
        var fanout = Create();
        fanout.Add("slow", SinkOptions.Default);
        fanout.Add("fast", SinkOptions.Default);
        fanout.Append(Bytes(60));
        DrainAll(fanout, _actions, "fast");
        Assert.False(_actions.Paused);
        fanout.Append(Bytes(40, 60)); // slow is now 100 behind
        Assert.True(_actions.Paused);
        Assert.True(fanout.FrontendPaused);
        DrainAll(fanout, _actions, "fast");
        // The slow sink writes 40, then 40: lag 20 is low-water: resume.
        fanout.Acknowledge("slow", _actions.Drain("slow"));
        Assert.True(_actions.Paused);
        fanout.Acknowledge("slow", _actions.Drain("slow"));
        Assert.False(_actions.Paused);
        Assert.Equal(["pause", "resume"], _actions.Events);
        DrainAll(fanout, _actions, "slow", "fast");
        Assert.Equal(Bytes(100), _actions.ReceivedBy("slow"));
        Assert.Equal(Bytes(100), _actions.ReceivedBy("fast"));
    }

    [Fact]
    public void A_removed_sink_holds_nothing_up()
    {
        var fanout = Create();
        fanout.Add("stuck", SinkOptions.Default);
        fanout.Append(Bytes(100));
        Assert.True(_actions.Paused);
        fanout.Remove("stuck");
        Assert.False(_actions.Paused);
        Assert.Equal(0, fanout.Log.RetainedBytes);
    }

    [Fact]
    public void Drop_skips_ahead_counts_and_marks_without_pausing()
    {
        var fanout = Create();
        fanout.Add("dropper", new SinkOptions(OverflowPolicy.Drop, MarkDrops: true));
        fanout.Add("ok", SinkOptions.Default);
        for (var i = 0; i < 10; i++)
        {
            fanout.Append(Bytes(30, i * 30));
            DrainAll(fanout, _actions, "ok");
        }
        Assert.False(_actions.Paused);
        var state = fanout.Sinks["dropper"];
        Assert.True(state.Dropped > 0);
        // Every byte is accounted for: its first window, what it skipped, and what waits for its window.
        Assert.Equal(300, 40 + state.Dropped + (fanout.Log.Head - state.Sent));
        // One marker per skip, each saying how many bytes that skip lost.
        Assert.Equal(state.DropEvents, _actions.Notices.Count);
        Assert.Equal(state.Dropped, _actions.Notices.Sum(n => long.Parse(n.Text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(_actions.Notices, n => Assert.Matches(@"^\r\n\[muxactors: \d+ bytes dropped\]\r\n$", n.Text));
        Assert.Equal(Bytes(300), _actions.ReceivedBy("ok"));
        Assert.True(fanout.Log.RetainedBytes <= Small.HighWater + Small.Window);
    }

    [Fact]
    public void Drop_sink_resumes_at_the_live_position_after_skipping()
    {
        var fanout = Create();
        fanout.Add("d", new SinkOptions(OverflowPolicy.Drop));
        fanout.Append(Bytes(40));        // in flight
        fanout.Append(Bytes(101, 40));   // more than high-water unsent: skipped
        fanout.Acknowledge("d", _actions.Drain("d"));
        fanout.Append(Bytes(5, 200));
        fanout.Acknowledge("d", _actions.Drain("d"));
        Assert.Equal(Bytes(40).Concat(Bytes(5, 200)), _actions.ReceivedBy("d"));
        Assert.Equal(101, fanout.Sinks["d"].Dropped);
    }

    [Fact]
    public void Disconnect_closes_a_sink_behind_longer_than_the_stall_timeout()
    {
        var fanout = Create();
        var options = new SinkOptions(OverflowPolicy.Disconnect, StallTimeout: TimeSpan.FromSeconds(5));
        fanout.Add("stuck", options);
        fanout.Add("ok", SinkOptions.Default);
        fanout.Append(Bytes(100));
        DrainAll(fanout, _actions, "ok");
        Assert.False(_actions.Paused); // a disconnect sink never pauses the frontend
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromSeconds(5), fanout.NextStallDeadline);
        _clock.Advance(TimeSpan.FromSeconds(4));
        fanout.CheckStalls();
        Assert.True(fanout.Sinks.ContainsKey("stuck"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        fanout.CheckStalls();
        Assert.False(fanout.Sinks.ContainsKey("stuck"));
        Assert.Contains(_actions.Events, e => e.StartsWith("disconnect stuck: stalled", StringComparison.Ordinal));
    }

    [Fact]
    public void Disconnect_sink_that_catches_up_is_kept()
    {
        var fanout = Create();
        fanout.Add("s", new SinkOptions(OverflowPolicy.Disconnect, StallTimeout: TimeSpan.FromSeconds(5)));
        fanout.Append(Bytes(100));
        Assert.NotNull(fanout.NextStallDeadline);
        DrainAll(fanout, _actions, "s");
        Assert.Null(fanout.NextStallDeadline);
        _clock.Advance(TimeSpan.FromSeconds(10));
        fanout.CheckStalls();
        Assert.True(fanout.Sinks.ContainsKey("s"));
        Assert.Equal(Bytes(100), _actions.ReceivedBy("s"));
    }

    [Fact]
    public void Disconnect_sink_beyond_max_lag_is_closed_at_once()
    {
        var fanout = Create();
        fanout.Add("s", new SinkOptions(OverflowPolicy.Disconnect, StallTimeout: TimeSpan.FromHours(1)));
        for (var i = 0; i < 11; i++)
            fanout.Append(Bytes(40));
        Assert.False(fanout.Sinks.ContainsKey("s"));
        Assert.Contains(_actions.Events, e => e.Contains("max-lag", StringComparison.Ordinal));
    }

    [Fact]
    public void Late_joiner_starts_live_or_with_replay()
    {
        var fanout = Create();
        fanout.RetainForReplay = 50;
        fanout.Add("early", SinkOptions.Default);
        fanout.Append(Bytes(30));
        fanout.Append(Bytes(30, 30));
        DrainAll(fanout, _actions, "early");
        fanout.Add("live", SinkOptions.Default);
        fanout.Add("replay", SinkOptions.Default with { Replay = 45 });
        fanout.Append(Bytes(10, 60));
        DrainAll(fanout, _actions, "early", "live", "replay");
        Assert.Equal(Bytes(10, 60), _actions.ReceivedBy("live"));
        // 45 bytes back from 60 is offset 15, inside the first chunk: replay starts exactly there.
        Assert.Equal(Bytes(55, 15), _actions.ReceivedBy("replay"));
        Assert.Equal(15, _actions.Offsets["replay"][0]);
    }

    [Fact]
    public void Replay_is_limited_to_what_the_log_retains()
    {
        var fanout = Create();
        fanout.RetainForReplay = 10;
        fanout.Append(Bytes(30));
        fanout.Append(Bytes(30, 30));
        fanout.Add("greedy", SinkOptions.Default with { Replay = 1000 });
        fanout.Acknowledge("greedy", _actions.Drain("greedy"));
        Assert.Equal(Bytes(30, 30), _actions.ReceivedBy("greedy")); // only the last chunk was retained
    }

    [Fact]
    public void Settings_are_validated()
    {
        Assert.Throws<ArgumentException>(() => new OutputSettings(0, 0, 1, 1).Validate());
        Assert.Throws<ArgumentException>(() => new OutputSettings(10, 10, 1, 10).Validate());
        Assert.Throws<ArgumentException>(() => new OutputSettings(10, 5, 0, 10).Validate());
        Assert.Throws<ArgumentException>(() => new OutputSettings(10, 5, 1, 9).Validate());
    }

    private sealed class CapturingSend(List<ReadOnlyMemory<byte>> sent) : IFanoutActions<string>
    {
        public int Send(string sink, long offset, ReadOnlyMemory<byte> data)
        {
            sent.Add(data);
            return 0;
        }
        public void Notice(string sink, string text) { }
        public void Disconnect(string sink, string reason) { }
        public void PauseFrontend() { }
        public void ResumeFrontend() { }
    }
}
