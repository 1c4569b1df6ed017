using MuxActors.Core.Output;
using MuxActors.TestSupport;

namespace MuxActors.Core.Tests;

/// <summary>
/// Random operations on a fan-out, checked after each one against a brute-force reading of its sinks: the
/// incrementally kept minima must give the same pause decision and never trim what a sink still needs.
/// </summary>
public sealed class OutputFanoutModelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Incremental_minima_agree_with_a_full_scan(int seed)
    {
        var random = new Random(seed);
        var actions = new RecordingActions();
        var settings = new OutputSettings(HighWater: 200, LowWater: 50, Window: 64, MaxLag: 800);
        var fanout = new OutputFanout<string>(settings, actions, new ManualTimeProvider());
        var names = Enumerable.Range(0, 12).Select(i => "s" + i).ToArray();
        for (var step = 0; step < 5_000; step++)
        {
            var name = names[random.Next(names.Length)];
            switch (random.Next(10))
            {
                case 0 when !fanout.Sinks.ContainsKey(name):
                    var policy = (OverflowPolicy)random.Next(3);
                    fanout.Add(name, new SinkOptions(policy, Replay: random.Next(100), StallTimeout: TimeSpan.FromSeconds(1)));
                    break;
                case 1:
                    fanout.Remove(name);
                    actions.Drain(name);
                    break;
                case 2 or 3 or 4:
                    if (!fanout.FrontendPaused)
                        fanout.Append(new byte[random.Next(1, 50)]);
                    break;
                default:
                    if (fanout.Sinks.ContainsKey(name) && actions.Unacked.GetValueOrDefault(name) > 0)
                    {
                        var n = Math.Min(actions.Unacked[name], random.Next(1, 80));
                        actions.Unacked[name] -= n;
                        fanout.Acknowledge(name, n);
                    }
                    break;
            }
            foreach (var gone in actions.Events.Where(e => e.StartsWith("disconnect ", StringComparison.Ordinal)).Select(e => e.Split(' ')[1].TrimEnd(':')))
                actions.Drain(gone);
            actions.Events.Clear();
            Check(fanout, settings);
        }
    }

    private static void Check(OutputFanout<string> fanout, OutputSettings settings)
    {
        var head = fanout.Log.Head;
        var blocking = fanout.Sinks.Values.Where(s => s.Options.Policy == OverflowPolicy.Block).Select(s => s.LagBehind(head)).DefaultIfEmpty(0).Max();
        if (blocking >= settings.HighWater)
            Assert.True(fanout.FrontendPaused, $"a blocking sink is {blocking} behind: the frontend must be paused");
        if (blocking <= settings.LowWater)
            Assert.False(fanout.FrontendPaused, $"the worst blocking sink is {blocking} behind: the frontend must run");
        foreach (var sink in fanout.Sinks.Values)
            Assert.True(fanout.Log.Tail <= sink.Sent, "the log was trimmed past a sink's cursor");
    }
}
