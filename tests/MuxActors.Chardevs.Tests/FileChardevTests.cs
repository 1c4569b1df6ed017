using System.Globalization;
using MuxActors.Chardevs.Tests.Harness;

namespace MuxActors.Chardevs.Tests;

public sealed class FileChardevTests
{
    [Fact]
    public async Task Append_on_keeps_what_the_file_held()
    {
        await using var mux = MuxHarness.Create();
        var path = mux.PathOf("console.log");
        File.WriteAllText(path, "old\n");
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        var console = await StartLoggingAsync(mux, vm, "path = console.log, flush-interval = 20ms");

        await console.SendAsync("new\n");
        await Deadline.UntilAsync(() => File.ReadAllText(path) == "old\nnew\n", "the file holds old and new output");
    }

    [Fact]
    public async Task A_new_log_is_readable_by_its_owner_only()
    {
        await using var mux = MuxHarness.Create();
        var path = mux.PathOf("logs/console.log");
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        await StartLoggingAsync(mux, vm, "path = logs/console.log");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task Append_off_truncates_the_file_at_start_up()
    {
        await using var mux = MuxHarness.Create();
        var path = mux.PathOf("console.log");
        File.WriteAllText(path, "the previous run\n");
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        var console = await StartLoggingAsync(mux, vm, "path = console.log, append = off, flush-interval = 20ms");
        Assert.Equal(0, new FileInfo(path).Length);

        await console.SendAsync("this run\n");
        await Deadline.UntilAsync(() => File.ReadAllText(path) == "this run\n", "only this run's output is in the file");
    }

    [Fact]
    public async Task Timestamps_prefix_every_line_with_the_time_it_started()
    {
        await using var mux = MuxHarness.Create(virtualTime: true); // the clock starts at the real time and moves only with Advance
        var clock = mux.Clock;
        var path = mux.PathOf("console.log");
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        var console = await StartLoggingAsync(mux, vm, "path = console.log, timestamps = on, flush-interval = 1h");
        var start = Stamp(clock);

        await console.SendAsync("one\r\ntw");
        await WrittenAsync(mux, 7);
        mux.Scheduler.Advance(TimeSpan.FromMilliseconds(1500));
        var later = Stamp(clock);
        await console.SendAsync("o\r\n\r\nthree");
        await WrittenAsync(mux, 17);
        await mux.StopAsync();

        Assert.Equal($"{start}one\r\n{start}two\r\n{later}\r\n{later}three", File.ReadAllText(path));
    }

    [Fact]
    public async Task The_file_is_open_from_start_up_in_a_created_directory_and_flushed_when_the_service_stops()
    {
        await using var mux = MuxHarness.Create();
        var path = mux.PathOf("logs/vm1/console.log");
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        var console = await StartLoggingAsync(mux, vm, "path = logs/vm1/console.log, flush-interval = 1h"); // no client anywhere: the log captures the console on its own
        Assert.True(File.Exists(path));

        await console.SendAsync("kept until the end\n");
        await WrittenAsync(mux, 19); // acknowledged: in the file's buffer, not yet flushed
        Assert.Equal(0, new FileInfo(path).Length);
        await mux.StopAsync();
        Assert.Equal("kept until the end\n", File.ReadAllText(path));
    }

    [Fact]
    public async Task Appending_to_a_file_that_ends_in_mid_line_adds_no_timestamp_until_the_next_line()
    {
        await using var mux = MuxHarness.Create();
        var path = mux.PathOf("console.log");
        File.WriteAllText(path, "half a li");
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        var console = await StartLoggingAsync(mux, vm, "path = console.log, timestamps = on, flush-interval = 1h");

        await console.SendAsync("ne\nnext");
        await WrittenAsync(mux, 7);
        await mux.StopAsync();
        Assert.Matches(@"^half a line\n\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] next$", File.ReadAllText(path));
    }

    [Fact]
    public async Task A_file_that_cannot_be_written_fails_and_is_reopened_with_backoff()
    {
        await using var mux = MuxHarness.Create();
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        var console = await StartLoggingAsync(mux, vm, "path = /dev/full, flush-interval = 20ms"); // every write to /dev/full fails with ENOSPC

        await console.SendAsync("lost\n");
        var failure = await mux.Events.WaitForAsync<Core.Mux.ChardevRestarted>(e => e.ChardevId == "log");
        Assert.Contains("/dev/full", failure.Reason, StringComparison.Ordinal);
        Assert.True(failure.Delay > TimeSpan.Zero, "reopened after a backoff delay");
        await mux.AttachedAsync("log", count: 2);
    }

    /// <summary>Starts the mux with its console on the fake VM and the file backend <c>log</c>; returns the console once the log is attached.</summary>
    private static async Task<SocketPeer> StartLoggingAsync(MuxHarness mux, FakeVm vm, string fileOptions)
    {
        mux.Start(Config(fileOptions));
        var console = await vm.AcceptAsync();
        await mux.AttachedAsync("log");
        return console;
    }

    private static string Config(string file) => $$"""
        muxactors.muxes.m {
          frontend { type = unix-client, path = vm.sock, reconnect = 100ms }
          backends { log { type = file, {{file}} } }
        }
        """;

    private static string Stamp(TimeProvider clock) => clock.GetLocalNow().ToString("[yyyy-MM-dd HH:mm:ss.fff] ", CultureInfo.InvariantCulture);

    private static Task WrittenAsync(MuxHarness mux, long bytes) =>
        mux.AwaitStatusAsync(s => s.Ports.Any(p => p.ChardevId == "log" && p.BytesOut == bytes), $"the file acknowledged {bytes} bytes");
}
