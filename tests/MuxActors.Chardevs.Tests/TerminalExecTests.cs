using System.Globalization;
using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using MuxActors.Chardevs.Exec;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;
using MuxActors.Hocon;
using Xunit.Abstractions;

namespace MuxActors.Chardevs.Tests.Terminal;

public sealed partial class TerminalExecTests : TestKit
{
    private readonly TerminalTempDir _dir = new();
    private readonly TerminalPortRecorder _mux;

    public TerminalExecTests(ITestOutputHelper output)
        : base(TerminalKit.Config, output) => _mux = new TerminalPortRecorder(CreateTestProbe("mux"));

    [Fact]
    public async Task A_shell_runs_on_its_own_pty_with_the_configured_size()
    {
        StartExec("""command = ["/bin/sh"], rows = 40, cols = 132""");
        var opened = await _mux.OpenedAsync();
        Assert.Matches(@"^pid \d+ on /dev/pts/\d+$", opened.Info.Peer);

        // The terminal echoes each command line (which has no result in it) while the shell prints its prompt, in any order.
        _mux.Write("echo $((6*7))\n");
        await _mux.TextAsync(@"(?<!\d)42\r\n");
        _mux.Write("stty size\n");
        await _mux.TextAsync(@"(?<!\d)40 132\r\n");
        _mux.Write("tty\n");
        var text = await _mux.TextAsync(@"/dev/pts/\d+\r\n");
        Assert.Contains(opened.Info.Peer.Split(" on ")[1] + "\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_shell_is_a_session_leader_with_the_pty_as_controlling_terminal()
    {
        StartExec("""command = ["/bin/sh"]""");
        var opened = await _mux.OpenedAsync();
        var pts = int.Parse(opened.Info.Peer.Split("/dev/pts/")[1], CultureInfo.InvariantCulture);

        // Fields 6 and 7 of /proc/PID/stat: the session id and the controlling terminal (136 is the pts major).
        _mux.Write("read -r pid comm state ppid pgrp sid tty rest < /proc/$$/stat; echo \"sid=$sid tty=$tty\"\n");
        await _mux.TextAsync(@"sid=\d+ tty=\d+\r\n");
        var match = Regex.Match(_mux.Text, @"sid=(\d+) tty=(\d+)\r\n");
        Assert.Equal(Pid(opened), int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Equal((pts & 0xff) | (136 << 8) | ((pts & ~0xff) << 12), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Environment_and_working_directory_are_applied()
    {
        StartExec($$"""command = ["/bin/sh", "-c", "echo FOO=$FOO HOME=${HOME-unset}; pwd"], env { FOO = bar, HOME = null }, cwd = {{TerminalMux.Quote(_dir.Path)}}, restart = never""");

        var text = await _mux.TextAsync($"{Regex.Escape(_dir.Path)}\r\n");
        Assert.Contains("FOO=bar HOME=unset\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_exit_code_closes_the_port_and_restart_never_stops_the_chardev()
    {
        var actor = StartExec("""command = ["/bin/sh", "-c", "echo bye; exit 3"], restart = never""");
        _mux.Probe.Watch(actor);
        var pid = Pid(await _mux.OpenedAsync());

        var closed = await _mux.ClosedAsync();
        Assert.Equal($"'/bin/sh' (pid {pid}) exited with code 3", closed.Reason);
        Assert.Contains("bye\r\n", _mux.Text, StringComparison.Ordinal);
        await _mux.TerminatedAsync();
    }

    [Fact]
    public async Task A_kill_by_signal_is_reported_with_the_signal()
    {
        StartExec("""command = ["/bin/sh", "-c", "kill -TERM $$"], restart = never""");

        Assert.EndsWith("killed by signal 15 (SIGTERM)", (await _mux.ClosedAsync()).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("always", 0, true)]
    [InlineData("always", 3, true)]
    [InlineData("on-failure", 3, true)]
    [InlineData("on-failure", 0, false)]
    [InlineData("never", 3, false)]
    public async Task The_restart_policy_decides_whether_the_program_runs_again(string policy, int code, bool restarts)
    {
        var actor = StartExec($"""command = ["/bin/sh", "-c", "echo run; exit {code}"], restart = {policy}""");
        _mux.Probe.Watch(actor);

        await _mux.ClosedAsync();
        if (restarts)
        {
            await _mux.OpenedAsync(2); // the parent here restarts at once; a mux applies its backoff
            Sys.Stop(actor);
        }
        await _mux.TerminatedAsync();
        Assert.Equal(restarts, _mux.Count<PortOpened>() >= 2);
    }

    [Fact]
    public async Task Everything_the_program_wrote_before_exiting_arrives_before_the_close()
    {
        StartExec("""command = ["/bin/sh", "-c", "i=0; while [ $i -lt 3000 ]; do i=$((i+1)); echo line$i; done; exit 0"], restart = never""");

        await _mux.ClosedAsync();
        Assert.EndsWith("line2999\r\nline3000\r\n", _mux.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exit_while_the_mux_holds_reading_back_waits_for_the_rest_of_the_output()
    {
        // The port stops reading while 256 KiB it sent wait unconfirmed (DataTaken) in the mux: the program fills
        // that, then on our word writes the tail, which stays unread in the pty, and exits.
        _mux.ConfirmData = false;
        StartExec("""command = ["/bin/sh", "-c", "stty -echo; head -c 262144 /dev/zero | tr '\\0' x; read go; printf END; exit 5"], restart = never""");
        var pid = Pid(await _mux.OpenedAsync());
        await _mux.BytesAsync(262144);
        _mux.Write("go\n");
        await TerminalIo.WaitUntilAsync(() => !Directory.Exists($"/proc/{pid}"), $"pid {pid} has exited and been reaped");

        await _mux.ObserveAsync(TimeSpan.FromMilliseconds(600)); // longer than the grace for background jobs
        Assert.Equal(0, _mux.Count<PortClosed>());
        Assert.Equal(262144, _mux.Bytes.Length);

        _mux.ConfirmData = true;
        _mux.ConfirmAll();
        Assert.EndsWith("exited with code 5", (await _mux.ClosedAsync()).Reason, StringComparison.Ordinal);
        Assert.Equal(new string('x', 262144) + "END", _mux.Text);
    }

    [Fact]
    public async Task An_exit_is_reported_even_while_a_background_job_keeps_the_terminal_open()
    {
        StartExec("""command = ["/bin/sh", "-c", "sleep 60 & echo started; exit 4"], restart = never""");

        var closed = await _mux.ClosedAsync();
        Assert.EndsWith("exited with code 4", closed.Reason, StringComparison.Ordinal);
        Assert.Contains("started", _mux.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_that_closes_its_terminal_is_hung_up()
    {
        StartExec("""command = ["/bin/sh", "-c", "exec 0<&- 1>&- 2>&-; sleep 60"], restart = never""");

        Assert.EndsWith("killed by signal 1 (SIGHUP)", (await _mux.ClosedAsync()).Reason, StringComparison.Ordinal);
    }

    private IActorRef StartExec(string hocon) =>
        Sys.ActorOf(new ExecChardev().CreateProps(new ChardevSpec("console", "exec", HoconConfig.FromString("type = exec\n" + hocon), null, "console"),
            _mux.Context(PortRole.Frontend)), "console");

    private static int Pid(PortOpened opened) =>
        int.Parse(PidPattern().Match(opened.Info.Peer).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^pid (\d+) ")]
    private static partial Regex PidPattern();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            _dir.Dispose();
    }
}
