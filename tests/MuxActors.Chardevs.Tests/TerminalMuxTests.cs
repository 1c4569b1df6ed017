using Akka.Actor;
using Akka.TestKit.Xunit2;
using MuxActors.Core.Mux;
using MuxActors.Posix;
using Xunit.Abstractions;

namespace MuxActors.Chardevs.Tests.Terminal;

/// <summary>The terminal kinds inside real muxes built from HOCON, with the mux's supervision and backoff.</summary>
public sealed class TerminalMuxTests : TestKit
{
    private readonly TerminalTempDir _dir = new();
    private readonly TerminalEventLog _events;

    public TerminalMuxTests(ITestOutputHelper output)
        : base(TerminalKit.Config, output) => _events = TerminalMux.Events(Sys, CreateTestProbe("events"));

    [Fact]
    public async Task A_shell_console_is_reached_through_the_pty_link()
    {
        var link = _dir.File("vm1.pty");
        StartMux($$"""
            frontend { type = exec, command = ["/bin/sh"], rows = 30, cols = 100 }
            backends { tty { type = pty, link = {{TerminalMux.Quote(link)}} } }
            """);
        await FrontendUpAsync();
        await TerminalIo.WaitUntilAsync(() => PublishedSymlink.ReadLink(link) is not null, "the link is published");

        using var client = TerminalIo.OpenClient(link);
        await _events.TakeAsync<PortAttached>(e => e.ChardevId == "tty");
        var reply = TerminalIo.ReadUntilAsync(client.Stream, @"(?<!\d)42\r\n30 100\r\n");
        await TerminalIo.WriteAsync(client.Stream, "echo $((6*7)); stty size\n");
        await reply;
    }

    [Fact]
    public async Task A_program_that_fails_is_restarted_after_the_mux_backoff_and_its_exit_is_reported()
    {
        StartMux("""
            frontend { type = exec, command = ["/bin/sh", "-c", "exit 3"], restart = on-failure }
            restart { min-backoff = 50ms, max-backoff = 1s, random-factor = 0 }
            """);

        var down = await _events.TakeAsync<FrontendChanged>(e => !e.Up);
        Assert.Matches(@"^'/bin/sh' \(pid \d+\) exited with code 3$", down.Detail);
        var first = await _events.TakeAsync<ChardevRestarted>();
        Assert.Equal(("frontend", TimeSpan.FromMilliseconds(50)), (first.ChardevId, first.Delay));
        Assert.Contains("exited with code 3; restarting it (restart = on-failure)", first.Reason, StringComparison.Ordinal);
        await FrontendUpAsync();
        var second = await _events.TakeAsync<ChardevRestarted>();
        Assert.Equal(TimeSpan.FromMilliseconds(100), second.Delay); // exponential backoff
    }

    [Fact]
    public async Task A_program_that_cannot_be_started_is_retried_with_backoff()
    {
        StartMux("""
            frontend { type = exec, command = ["/nonexistent/mxt-program"] }
            restart { min-backoff = 20ms, max-backoff = 100ms }
            """);

        for (var i = 0; i < 3; i++)
        {
            var failed = await _events.TakeAsync<ChardevRestarted>();
            Assert.Contains("/nonexistent/mxt-program", failed.Reason, StringComparison.Ordinal);
            Assert.Contains("No such file or directory", failed.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_pty_frontend_and_an_exec_backend_carry_the_console_into_a_program()
    {
        var console = _dir.File("console.pty");
        var output = _dir.File("captured.txt");
        StartMux($$"""
            frontend { type = pty, link = {{TerminalMux.Quote(console)}} }
            backends { capture { type = exec, command = ["/bin/sh", "-c", "stty raw -echo; cat > {{output}}"] } }
            """);
        await TerminalIo.WaitUntilAsync(() => PublishedSymlink.ReadLink(console) is not null, "the link is published");
        await _events.TakeAsync<PortAttached>(e => e.ChardevId == "capture");

        using var vm = TerminalIo.OpenClient(console); // the program that opens the frontend link is the console
        await FrontendUpAsync();
        await TerminalIo.WriteAsync(vm.Stream, "boot log line\n");

        await TerminalIo.WaitUntilAsync(() => File.Exists(output) && File.ReadAllText(output) == "boot log line\n", "the backend program captured the line");
    }

    private IActorRef StartMux(string body) => TerminalMux.Start(Sys, $"muxactors.muxes.m1 {{\n{body}\n{DefaultBackend(body)}}}");

    private string DefaultBackend(string body) =>
        body.Contains("backends", StringComparison.Ordinal) ? "" : $"backends {{ tty {{ type = pty, link = {TerminalMux.Quote(_dir.File("default.pty"))} }} }}\n";

    private Task<FrontendChanged> FrontendUpAsync() => _events.TakeAsync<FrontendChanged>(e => e.Up);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            _dir.Dispose();
    }
}
