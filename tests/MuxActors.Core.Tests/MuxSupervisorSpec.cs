using Akka.Actor;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Config;
using MuxActors.Core.Mux;
using MuxActors.Core.Protocol;
using MuxActors.Hocon;
using Xunit.Abstractions;

namespace MuxActors.Core.Tests;

public sealed class MuxSupervisorSpec(ITestOutputHelper output) : ProbedMuxSpec(output)
{
    private Task<IActorRef> StartMux(string backends, string extra = "", params string[] ids) => StartMux("vm1", backends, extra, ids);

    [Fact]
    public async Task Frontend_output_is_broadcast_to_every_backend()
    {
        await StartMux("a { type = probe }, b { type = probe }", ids: ["a", "b"]);
        Emit("frontend", Data("heyhey"));
        foreach (var id in new[] { "a", "b" })
        {
            var write = await Probe(id).ExpectMsgAsync<WriteData>();
            Assert.Equal("heyhey", Text(write));
            Assert.Equal(0, write.Offset);
        }
    }

    [Fact]
    public async Task Input_chunks_reach_the_frontend_whole()
    {
        await StartMux("a { type = probe }, b { type = probe }", ids: ["a", "b"]);
        Emit("a", Data("hello\0"));
        Emit("b", Data("olleh\0"));
        var frontend = Probe("frontend");
        var writes = new[] { await frontend.FishForMessageAsync<WriteData>(_ => true), await frontend.FishForMessageAsync<WriteData>(_ => true) };
        Assert.Equal(["hello\0", "olleh\0"], writes.Select(Text).Order());
        Assert.All(writes, w => Assert.Equal(6, w.Data.Length));
    }

    [Fact]
    public async Task Read_only_backends_input_is_discarded_and_counted()
    {
        await StartMux("a { type = probe, read-only = on }", ids: ["a"]);
        Emit("a", Data("ignored"));
        var status = await StatusVia("a");
        await Probe("frontend").ExpectNoMsgAsync();
        Assert.Equal(7, status.InputDiscarded);
        Assert.Equal(0, status.InputBytes);
    }

    [Fact]
    public async Task Frontend_is_told_opened_on_the_first_backend_and_closed_after_the_last()
    {
        await StartMux("a { type = probe }, b { type = probe }", ids: ["a", "b"]);
        var frontend = Probe("frontend");
        Emit("a", new PortClosed("bye"));
        await frontend.ExpectNoMsgAsync(); // b is still open
        Emit("b", new PortClosed("bye"));
        Assert.False((await frontend.ExpectMsgAsync<BackendsOpen>()).Open);
        Emit("b", new PortClosed("again")); // a repeated close cannot wedge the set
        Emit("a", new PortOpened(new PortInfo("a", PortRole.Backend, "again")));
        Assert.True((await frontend.ExpectMsgAsync<BackendsOpen>()).Open);
    }

    [Fact]
    public async Task A_break_from_any_backend_reaches_the_frontend()
    {
        var mux = await StartMux("a { type = probe }", ids: ["a"]);
        Emit("a", BreakReceived.Instance);
        await Probe("frontend").FishForMessageAsync<SendBreak>(_ => true);
        Assert.True((await mux.Ask<MuxCommandResult>(BreakConsole.Instance, TimeSpan.FromSeconds(5))).Ok);
        await Probe("frontend").FishForMessageAsync<SendBreak>(_ => true);
    }

    [Fact]
    public async Task Input_backpressure_pauses_every_backend_and_resumes_them()
    {
        await StartMux("a { type = probe }, b { type = probe }", "input { high-water = 10, low-water = 2 }", "a", "b");
        Emit("a", Data("0123456789"));
        await Probe("a").FishForMessageAsync<PauseReading>(_ => true);
        await Probe("b").FishForMessageAsync<PauseReading>(_ => true);
        var frontend = Probe("frontend");
        await frontend.FishForMessageAsync<WriteData>(_ => true);
        Emit("frontend", new DataWritten(9)); // acknowledgements come from the port itself
        await Probe("a").FishForMessageAsync<ResumeReading>(_ => true);
        await Probe("b").FishForMessageAsync<ResumeReading>(_ => true);
    }

    [Fact]
    public async Task Output_backpressure_pauses_the_frontend_until_the_slow_backend_drains()
    {
        await StartMux("slow { type = probe }", "output { high-water = 100, low-water = 10, window = 50 }", "slow");
        Emit("frontend", new DataReceived(new byte[100]));
        await Probe("frontend").FishForMessageAsync<PauseReading>(_ => true);
        var write = await Probe("slow").FishForMessageAsync<WriteData>(_ => true);
        Assert.Equal(50, write.Data.Length);
        Emit("slow", new DataWritten(50));
        Assert.Equal(50, (await Probe("slow").ExpectMsgAsync<WriteData>()).Offset);
        Emit("slow", new DataWritten(50));
        await Probe("frontend").FishForMessageAsync<ResumeReading>(_ => true);
    }

    [Fact]
    public async Task A_failing_backend_is_restarted_with_backoff_while_others_keep_flowing()
    {
        var mux = await StartMux("a { type = probe }, b { type = probe }", "restart { min-backoff = 1s, max-backoff = 4s, random-factor = 0 }", "a", "b");
        var restarts = CreateTestProbe();
        Sys.EventStream.Subscribe(restarts.Ref, typeof(ChardevRestarted));
        Emit("a", "fail");
        Assert.Equal(TimeSpan.FromSeconds(1), (await restarts.ExpectMsgAsync<ChardevRestarted>()).Delay); // the restart is scheduled
        Emit("frontend", Data("during"));
        Assert.Equal("during", Text(await Probe("b").FishForMessageAsync<WriteData>(_ => true)));
        await Probe("a").ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
        Scheduler.Advance(TimeSpan.FromSeconds(1));
        await Probe("a").FishForMessageAsync<PortStarted>(_ => true);
        Emit("frontend", Data("after"));
        Assert.Equal("after", Text(await Probe("a").FishForMessageAsync<WriteData>(w => Text(w) == "after")));
        var status = await mux.Ask<MuxStatus>(GetMuxStatus.Instance, TimeSpan.FromSeconds(5));
        Assert.Equal(1, status.Restarts["a"]);
    }

    [Fact]
    public async Task Frontend_reconnect_keeps_backends_attached_and_notifies_them()
    {
        await StartMux("a { type = probe }", "notify = on", "a");
        var a = Probe("a");
        Emit("frontend", new PortClosed("VM went away"));
        // "connected" notices from the start may come first, depending on whether a opened before the console.
        await a.FishForMessageAsync<WriteNotice>(n => n.Text.Contains("'vm1' disconnected", StringComparison.Ordinal));
        Emit("frontend", new PortOpened(new PortInfo("frontend", PortRole.Frontend, "vm back")));
        await a.FishForMessageAsync<WriteNotice>(n => n.Text.Contains("'vm1' connected", StringComparison.Ordinal));
        Emit("frontend", Data("booting"));
        Assert.Equal("booting", Text(await a.FishForMessageAsync<WriteData>(_ => true)));
    }

    [Fact]
    public async Task Input_while_the_console_is_down_is_discarded()
    {
        await StartMux("a { type = probe }", ids: ["a"]);
        Emit("frontend", new PortClosed("down"));
        Assert.False((await StatusVia("frontend")).FrontendOpen);
        Emit("a", Data("lost"));
        var status = await StatusVia("a");
        Assert.False(status.FrontendOpen);
        Assert.Equal(4, status.InputDiscarded);
    }

    [Fact]
    public async Task A_late_joiner_gets_its_replay()
    {
        // The mux keeps the largest configured replay (16 here) for late joiners, including ones added at run time.
        var mux = await StartMux("a { type = probe, replay = 16 }", ids: ["a"]);
        Emit("frontend", Data("0123456789"));
        await Probe("a").FishForMessageAsync<WriteData>(_ => true);
        var replay = ChardevFrom("late { type = probe, replay = 4 }", "late");
        Probe("late");
        var result = await mux.Ask<MuxCommandResult>(new AddBackend(replay), TimeSpan.FromSeconds(5));
        Assert.True(result.Ok, result.Error);
        Assert.Equal("6789", Text(await Probe("late").FishForMessageAsync<WriteData>(_ => true)));
    }

    [Fact]
    public async Task Run_time_changes_are_validated()
    {
        var mux = await StartMux("a { type = probe }", "max-backends = 2", "a");
        Probe("b");
        Probe("c");
        Assert.Equal("conflict", (await mux.Ask<MuxCommandResult>(new AddBackend(ChardevFrom("a { type = probe }", "a")), TimeSpan.FromSeconds(5))).Code);
        Assert.True((await mux.Ask<MuxCommandResult>(new AddBackend(ChardevFrom("b { type = probe }", "b")), TimeSpan.FromSeconds(5))).Ok);
        var limit = await mux.Ask<MuxCommandResult>(new AddBackend(ChardevFrom("c { type = probe }", "c")), TimeSpan.FromSeconds(5));
        Assert.Equal("too many backends for mux 'vm1' (maximum is 2)", limit.Error);
        var missing = await mux.Ask<MuxCommandResult>(new RemoveBackend("zz"), TimeSpan.FromSeconds(5));
        Assert.Equal("not-found", missing.Code);
        Assert.True((await mux.Ask<MuxCommandResult>(new RemoveBackend("b"), TimeSpan.FromSeconds(5))).Ok);
        var status = await mux.Ask<MuxStatus>(GetMuxStatus.Instance, TimeSpan.FromSeconds(5));
        Assert.Equal(["a"], status.Backends);
    }

    private static ChardevSpec ChardevFrom(string backend, string id)
    {
        var config = new ServiceConfigReader(new ChardevRegistry([new ProbeKind(), new ProbeKind(type: "sink", frontend: false)]))
            .Read(HoconConfig.FromString($"muxactors.muxes.x {{ frontend {{ type = probe }}, backends {{ {backend} }} }}"));
        return config.Muxes[0].Backend(id)!;
    }
}
