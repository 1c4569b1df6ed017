namespace MuxActors.Posix.Tests;

public sealed class PtyProcessTests
{
    private const string Prompt = "muxactors-prompt> ";

    private static PtyProcess InteractiveShell(TimeSpan? killGrace = null) => PtyProcess.Start(new PtyProcessOptions(["/bin/sh"])
    {
        Environment = new Dictionary<string, string?> { ["PS1"] = Prompt, ["ENV"] = null },
        KillGrace = killGrace ?? TimeSpan.FromSeconds(2),
    });

    private static PtyProcess Shell(string script, PtyProcessOptions? like = null) => PtyProcess.Start(
        new PtyProcessOptions(["/bin/sh", "-c", script])
        {
            Environment = like?.Environment,
            InheritEnvironment = like?.InheritEnvironment ?? true,
            WorkingDirectory = like?.WorkingDirectory,
            WindowSize = like?.WindowSize ?? WindowSize.Default,
        });

    [Fact]
    public async Task Runs_a_command_and_reads_its_output()
    {
        await using PtyProcess process = Shell("echo $((6*7))");

        string output = await TestIo.ReadToEndAsync(process.Terminal, TestIo.Deadline());

        Assert.Contains("42", output, StringComparison.Ordinal);
        Assert.Equal(ChildExit.Exited(0), await TestIo.Within(process.Exited));
    }

    [Fact]
    public async Task Stty_size_shows_the_configured_rows_and_columns()
    {
        await using PtyProcess process = Shell("stty size", new PtyProcessOptions(["x"]) { WindowSize = new WindowSize(33, 101) });

        Assert.Contains("33 101", await TestIo.ReadToEndAsync(process.Terminal, TestIo.Deadline()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pty_is_the_controlling_terminal_and_stdin()
    {
        // tty names stdin; `: </dev/tty` succeeds only with a controlling terminal; field 6 of /proc/PID/stat is the session id.
        await using PtyProcess process = Shell("tty; (: </dev/tty) && echo ctty-ok; echo sid=$(cut -d' ' -f6 /proc/$$/stat)");

        string output = await TestIo.ReadToEndAsync(process.Terminal, TestIo.Deadline());

        Assert.Contains(process.Pty.SlavePath, output, StringComparison.Ordinal);
        Assert.StartsWith("/dev/pts/", process.Pty.SlavePath, StringComparison.Ordinal);
        Assert.Contains("ctty-ok", output, StringComparison.Ordinal);
        Assert.Contains($"sid={process.Pid}", output.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_the_exit_code()
    {
        await using PtyProcess process = Shell("exit 3");

        ChildExit exit = await TestIo.Within(process.Exited);

        Assert.Equal(3, exit.ExitCode);
        Assert.Null(exit.Signal);
        Assert.Equal("exit code 3", exit.ToString());
    }

    [Fact]
    public async Task Reports_the_terminating_signal()
    {
        await using PtyProcess process = PtyProcess.Start(new PtyProcessOptions(["sleep", "60"]));

        Assert.True(process.Kill(PosixSignals.SIGTERM));
        ChildExit exit = await TestIo.Within(process.Exited);

        Assert.Equal(15, exit.Signal);
        Assert.Null(exit.ExitCode);
        Assert.False(process.Kill(PosixSignals.SIGTERM)); // reaped: nothing to signal
    }

    [Fact]
    public async Task The_waitid_fallback_reaper_reports_exit_codes_and_signals()
    {
        await using PtyProcess exits = PtyProcess.Start(new PtyProcessOptions(["/bin/sh", "-c", "exit 7"]) { UseBlockingReaper = true });
        await using PtyProcess killed = PtyProcess.Start(new PtyProcessOptions(["sleep", "60"]) { UseBlockingReaper = true });

        Assert.True(killed.Kill(PosixSignals.SIGINT));

        Assert.Equal(ChildExit.Exited(7), await TestIo.Within(exits.Exited));
        Assert.Equal(ChildExit.Killed(PosixSignals.SIGINT), await TestIo.Within(killed.Exited));
    }

    [Fact]
    public async Task An_interactive_shell_runs_what_is_typed_on_the_master()
    {
        await using PtyProcess process = InteractiveShell();
        CancellationToken deadline = TestIo.Deadline();
        await TestIo.ReadUntilAsync(process.Terminal, Prompt, deadline);

        await TestIo.WriteAsync(process.Terminal, "echo hi\n", deadline);
        // Cooked mode: the line discipline echoes the typed line (with CR-LF), then the shell prints "hi".
        await TestIo.ReadUntilAsync(process.Terminal, "echo hi\r\nhi\r\n" + Prompt, deadline);

        process.Resize(new WindowSize(10, 20));
        await TestIo.WriteAsync(process.Terminal, "stty size\n", deadline);
        await TestIo.ReadUntilAsync(process.Terminal, "stty size\r\n10 20\r\n", deadline);

        await TestIo.WriteAsync(process.Terminal, "exit 5\n", deadline);
        Assert.Equal(5, (await TestIo.Within(process.Exited)).ExitCode);
    }

    [Fact]
    public async Task Working_directory_option_is_used()
    {
        using var dir = new TempDirectory();
        await using PtyProcess process = Shell("pwd", new PtyProcessOptions(["x"]) { WorkingDirectory = dir.Path });

        Assert.Contains(dir.Path, await TestIo.ReadToEndAsync(process.Terminal, TestIo.Deadline()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Environment_additions_and_removals_apply_to_the_inherited_environment()
    {
        Environment.SetEnvironmentVariable("MUX_TEST_INHERITED", "inherited");
        var options = new PtyProcessOptions(["x"])
        {
            Environment = new Dictionary<string, string?> { ["MUX_TEST_VALUE"] = "hello world", ["MUX_TEST_INHERITED"] = null },
        };
        await using PtyProcess process = Shell("echo \"v=$MUX_TEST_VALUE\"; echo \"removed=${MUX_TEST_INHERITED-unset}\"; echo \"home=$HOME\"", options);

        string output = await TestIo.ReadToEndAsync(process.Terminal, TestIo.Deadline());

        Assert.Contains("v=hello world", output, StringComparison.Ordinal);
        Assert.Contains("removed=unset", output, StringComparison.Ordinal);
        Assert.Contains($"home={Environment.GetEnvironmentVariable("HOME")}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_environment_replaces_the_inherited_one()
    {
        var options = new PtyProcessOptions(["x"])
        {
            InheritEnvironment = false,
            Environment = new Dictionary<string, string?> { ["ONLY_THIS"] = "1" },
        };
        await using PtyProcess process = Shell("echo \"only=$ONLY_THIS home=${HOME-unset}\"", options);

        Assert.Contains("only=1 home=unset", await TestIo.ReadToEndAsync(process.Terminal, TestIo.Deadline()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_output_is_read_before_EOF_even_when_the_child_exits_at_once()
    {
        await using PtyProcess process = Shell("head -c 100000 /dev/zero | tr '\\0' a");

        string output = await TestIo.ReadToEndAsync(process.Terminal, TestIo.Deadline());

        Assert.Equal(100000, output.Count(c => c == 'a'));
        Assert.Equal(0, (await TestIo.Within(process.Exited)).ExitCode);
    }

    [Fact]
    public async Task Signals_are_reset_to_default_in_the_child()
    {
        // .NET ignores SIGPIPE; a child that inherited that would see `yes` run forever here.
        await using PtyProcess process = Shell("yes | head -n 1; echo done");

        Assert.Contains("done", await TestIo.ReadToEndAsync(process.Terminal, TestIo.Deadline()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_program_fails_with_its_name_and_errno_text()
    {
        var error = Assert.Throws<PosixException>(() => PtyProcess.Start(new PtyProcessOptions(["no-such-program-muxactors"])));

        Assert.Equal(2, error.Errno);
        Assert.Contains("no-such-program-muxactors", error.Message, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_working_directory_fails_and_names_it()
    {
        var error = Assert.Throws<PosixException>(() => PtyProcess.Start(new PtyProcessOptions(["/bin/true"]) { WorkingDirectory = "/no/such/dir" }));

        Assert.Contains("/no/such/dir", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_hangs_up_an_interactive_shell()
    {
        PtyProcess process = InteractiveShell(TimeSpan.FromMinutes(5));
        await TestIo.ReadUntilAsync(process.Terminal, Prompt, TestIo.Deadline());

        await process.DisposeAsync(); // SIGHUP ends it long before the SIGKILL grace

        ChildExit exit = await TestIo.Within(process.Exited);
        Assert.Equal(PosixSignals.SIGHUP, exit.Signal);
    }

    [Fact]
    public async Task Dispose_kills_a_child_that_ignores_HUP_and_TERM_when_the_grace_elapses()
    {
        var clock = new ManualTimeProvider();
        PtyProcess process = PtyProcess.Start(new PtyProcessOptions(["/bin/sh", "-c", "trap '' HUP TERM; echo ready; while :; do sleep 1; done"])
        {
            KillGrace = TimeSpan.FromSeconds(3),
            TimeProvider = clock,
        });
        await TestIo.ReadUntilAsync(process.Terminal, "ready", TestIo.Deadline());

        process.Dispose();
        Assert.Equal([TimeSpan.FromSeconds(3)], clock.RequestedDueTimes);
        Assert.False(process.Exited.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(3));

        ChildExit exit = await TestIo.Within(process.Exited);
        Assert.Equal(PosixSignals.SIGKILL, exit.Signal);
    }

    [Fact]
    public void Wait_status_decoding()
    {
        Assert.Equal(ChildExit.Exited(3), ChildExit.FromWaitStatus(3 << 8));
        Assert.Equal(ChildExit.Killed(9), ChildExit.FromWaitStatus(9));
        ChildExit core = ChildExit.FromWaitStatus(0x80 | 11);
        Assert.True(core.CoreDumped);
        Assert.Equal("killed by signal 11 (SIGSEGV), core dumped", core.ToString());
    }
}
