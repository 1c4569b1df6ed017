using MuxActors.Management.Tests.Support;
using MuxActors.Posix;

namespace MuxActors.Management.Tests;

/// <summary><c>muxctl attach</c> driven through a pseudo-terminal, as a user at a terminal would use it.</summary>
public sealed class MuxctlAttachTests : IAsyncLifetime
{
    private RunningService _service = null!;

    public async Task InitializeAsync() => _service = await RunningService.StartAsync(ApiFixture.Config, "vm1");

    public async Task DisposeAsync() => await _service.DisposeAsync();

    /// <summary>
    /// muxctl under a new pty, held by a shell until the test has read the pty's settings (so "before" is certain),
    /// then released with one line.
    /// </summary>
    private async Task<(TerminalSession Terminal, Termios Before)> StartAttachAsync(string mux)
    {
        var terminal = TerminalSession.Start("/bin/sh", "-c", "read go && exec dotnet \"$0\" \"$@\"",
            Muxctl.Dll, "attach", mux, "--socket", _service.SocketPath);
        var before = terminal.Pty.GetAttributes();
        Assert.False(before.IsRaw);
        await terminal.TypeAsync("go\n");
        await terminal.WaitForTextAsync($"attached to {mux}; Ctrl-] q detaches");
        Assert.True(terminal.Pty.GetAttributes().IsRaw, "attached: the terminal is in raw mode");
        return (terminal, before);
    }

    private static void AssertSameSettings(Termios before, Termios after)
    {
        Assert.Equal(before.InputFlags, after.InputFlags);
        Assert.Equal(before.OutputFlags, after.OutputFlags);
        Assert.Equal(before.ControlFlags, after.ControlFlags);
        Assert.Equal(before.LocalFlags, after.LocalFlags);
        Assert.Equal(before.MinimumBytes, after.MinimumBytes);
        Assert.Equal(before.TimeoutDeciseconds, after.TimeoutDeciseconds);
    }

    [Fact]
    public async Task Typed_input_reaches_the_console_output_is_shown_and_ctrl_bracket_q_detaches()
    {
        await using var events = await _service.Api.OpenEventsAsync("?mux=vm1");
        await using var watcher = await UnixClient.ConnectAsync(_service.Run("a.sock"));
        await events.WaitForAsync("attach", e => e.Field("chardev") == "a", "the watching client");
        var (terminal, before) = await StartAttachAsync("vm1");
        await using (terminal)
        {
            var attach = await events.WaitForAsync("attach", e => e.Field("chardev") == "attach", "muxctl's port");
            Assert.StartsWith("unix:pid=", attach.Field("peer"), StringComparison.Ordinal);

            await terminal.TypeAsync("typed-in-muxctl\r");
            await watcher.WaitForTextAsync("typed-in-muxctl\r"); // the echo console got it and printed it to everyone
            await terminal.WaitForTextAsync("typed-in-muxctl\r");

            await watcher.SendAsync("from-another-client\n");
            await terminal.WaitForTextAsync("from-another-client");

            await terminal.TypeAsync(0x1d, (byte)'q');
            var exit = await terminal.WaitForExitAsync();
            Assert.Equal(0, exit.ExitCode);
            await terminal.WaitForTextAsync("detached from vm1");
            await events.WaitForAsync("detach", e => e.Field("chardev") == "attach", "muxctl leaving");
            AssertSameSettings(before, terminal.Pty.GetAttributes());
        }
    }

    [Fact]
    public async Task Ctrl_bracket_twice_sends_one_ctrl_bracket_and_other_keys_after_it_are_swallowed()
    {
        await using var events = await _service.Api.OpenEventsAsync("?mux=vm1");
        await using var watcher = await UnixClient.ConnectAsync(_service.Run("a.sock"));
        await events.WaitForAsync("attach", e => e.Field("chardev") == "a", "the watching client");
        var (terminal, _) = await StartAttachAsync("vm1");
        await using (terminal)
        {
            await terminal.TypeAsync([(byte)'<', 0x1d, 0x1d, 0x1d, (byte)'x', (byte)'>']);
            await watcher.WaitForTextAsync("<\u001d>");
            await terminal.TypeAsync(0x1d, (byte)'q');
            Assert.Equal(0, (await terminal.WaitForExitAsync()).ExitCode);
        }
    }

    [Fact]
    public async Task Sigterm_restores_the_terminal()
    {
        var (terminal, before) = await StartAttachAsync("vm1");
        await using (terminal)
        {
            using var kill = System.Diagnostics.Process.Start("kill", ["-TERM", terminal.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            var exit = await terminal.WaitForExitAsync();
            Assert.Equal(128 + 15, exit.ExitCode);
            AssertSameSettings(before, terminal.Pty.GetAttributes());
        }
    }

    [Fact]
    public async Task The_service_ending_the_session_restores_the_terminal()
    {
        var body = """{"name":"gone1","frontend":{"type":"exec","command":["/bin/cat"]},"backends":{"r":{"type":"ringbuf"}}}""";
        Assert.Equal(201, (await _service.Api.PostAsync("/v1/muxes", body)).Status);
        var (terminal, before) = await StartAttachAsync("gone1");
        await using (terminal)
        {
            Assert.Equal(204, (await _service.Api.DeleteAsync("/v1/muxes/gone1?force=true")).Status);
            var exit = await terminal.WaitForExitAsync();
            Assert.Equal(1, exit.ExitCode);
            await terminal.WaitForTextAsync("the service ended the session");
            AssertSameSettings(before, terminal.Pty.GetAttributes());
        }
    }
}
