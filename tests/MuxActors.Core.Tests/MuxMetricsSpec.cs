using Akka.Actor;
using MuxActors.Core.Mux;
using MuxActors.Core.Protocol;
using Xunit.Abstractions;

namespace MuxActors.Core.Tests;

/// <summary>Each counter of the <c>MuxActors</c> meter after a known amount of traffic through a mux, read with a MeterListener.</summary>
public sealed class MuxMetricsSpec : ProbedMuxSpec, IDisposable
{
    // The meter is process-wide: a mux name of its own keeps other tests' traffic out of this one's sums.
    private readonly string _name = "metrics-" + Guid.NewGuid().ToString("N")[..8];
    private readonly MeasurementRecorder _recorded;

    public MuxMetricsSpec(ITestOutputHelper output) : base(output) => _recorded = new MeasurementRecorder(_name);

    private Task<IActorRef> StartMux(string backends, string extra, params string[] ids) => StartMux(_name, backends, extra, ids);

    [Fact]
    public async Task Output_counts_every_byte_the_console_printed()
    {
        await StartMux("a { type = probe }", "", "a");
        Emit("frontend", Data("hello "));
        Emit("frontend", Data("world"));
        await StatusVia("frontend");
        Assert.Equal(11, _recorded.Total("muxactors.output"));
    }

    [Fact]
    public async Task Input_counts_what_backends_wrote_toward_the_console()
    {
        await StartMux("a { type = probe }, b { type = probe }", "", "a", "b");
        Emit("a", Data("typed"));
        Emit("b", Data("more"));
        await StatusVia("a");
        await StatusVia("b");
        Assert.Equal(9, _recorded.Total("muxactors.input"));
        Assert.Equal(0, _recorded.Total("muxactors.input.discarded"));
    }

    [Fact]
    public async Task Input_discarded_counts_read_only_input_and_input_while_the_console_is_down()
    {
        await StartMux("ro { type = probe, read-only = on }, a { type = probe }", "", "ro", "a");
        Emit("ro", Data("ignored"));
        await StatusVia("ro");
        Emit("frontend", new PortClosed("down"));
        await StatusVia("frontend");
        Emit("a", Data("lost"));
        await StatusVia("a");
        Assert.Equal(11, _recorded.Total("muxactors.input.discarded"));
        Assert.Equal(0, _recorded.Total("muxactors.input"));
    }

    [Fact]
    public async Task Restarts_count_each_failure_of_a_chardev()
    {
        var mux = await StartMux("a { type = probe }", "restart { min-backoff = 1s, max-backoff = 1s, random-factor = 0 }", "a");
        var restarts = CreateTestProbe();
        Sys.EventStream.Subscribe(restarts.Ref, typeof(ChardevRestarted));
        Emit("a", "fail");
        await restarts.ExpectMsgAsync<ChardevRestarted>();
        var status = await mux.Ask<MuxStatus>(GetMuxStatus.Instance, TimeSpan.FromSeconds(5));
        Assert.Equal(1, status.Restarts["a"]);
        Assert.Equal(1, _recorded.Total("muxactors.chardev.restarts", "chardev=a"));
    }

    [Fact]
    public async Task Dropped_counts_the_bytes_a_slow_client_skipped_under_the_drop_policy()
    {
        await StartMux("slow { type = probe, on-overflow = drop }", "output { high-water = 100, low-water = 10, window = 50 }", "slow");
        for (var i = 0; i < 10; i++)
            Emit("frontend", new DataReceived(new byte[100]));
        var status = await StatusVia("frontend");
        var dropped = status.Ports.Single(p => p.ChardevId == "slow").Dropped;
        Assert.True(dropped > 0, "the slow client never acknowledged, so it must have dropped");
        Assert.Equal(dropped, _recorded.Total("muxactors.backend.dropped", "backend=slow,type=probe"));
    }

    void IDisposable.Dispose()
    {
        _recorded.Dispose();
        Dispose();
    }
}
