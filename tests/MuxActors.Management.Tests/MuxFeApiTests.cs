using System.Text.Json;
using MuxActors.Management.Tests.Support;

namespace MuxActors.Management.Tests;

/// <summary>A mux-fe through the API and muxctl: list and show with the focus, muxctl focus, busy while frontends are attached.</summary>
public sealed class MuxFeApiTests : IAsyncLifetime
{
    private const string Config = """
        muxactors.muxes.term {
          type = mux-fe
          backend { type = unix-server, path = run/term.sock }
          frontends {
            vm1 { type = unix-client, path = vm.sock, reconnect = 100ms }
            shell { type = exec, command = ["/bin/cat"] }
          }
        }
        """;

    private RunningService _service = null!;

    private Task<(int Exit, string Out, string Err)> Ctl(params string[] args) =>
        Muxctl.RunAsync([.. args, "--socket", _service.SocketPath]);

    public async Task InitializeAsync()
    {
        _service = await RunningService.StartAsync(Config);
        await _service.Process.WaitForCountAsync("Mux term: console", 2);
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task List_show_and_focus_show_and_move_the_focus()
    {
        var (exit, output, error) = await Ctl("list");
        Assert.True(exit == 0, error);
        Assert.Contains(output.Split('\n'), l => l.StartsWith("term ", StringComparison.Ordinal) && l.Contains("focus vm1 (up)", StringComparison.Ordinal));

        (exit, output, error) = await Ctl("focus", "term", "shell");
        Assert.True(exit == 0, error);
        Assert.Equal("term: focus on shell\n", output);

        (exit, output, _) = await Ctl("show", "term");
        Assert.Equal(0, exit);
        var lines = output.Split('\n');
        Assert.StartsWith("mux-fe term: focus shell (up); output ", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^shell +exec +up +\* ", lines.Single(l => l.StartsWith("shell ", StringComparison.Ordinal)));
        Assert.Matches(@"^vm1 +unix-client +up +unix:", lines.Single(l => l.StartsWith("vm1 ", StringComparison.Ordinal)));

        using var json = JsonDocument.Parse((await Ctl("show", "term", "--json")).Out);
        Assert.Equal(("mux-fe", "shell"), (json.RootElement.GetProperty("kind").GetString(), json.RootElement.GetProperty("focus").GetString()));
        Assert.Equal(2, json.RootElement.GetProperty("consoles").GetArrayLength());

        (exit, _, error) = await Ctl("focus", "term", "nope");
        Assert.Equal((1, "muxctl: mux 'term' has no console 'nope' (consoles: vm1, shell)\n"), (exit, error));
    }

    [Fact]
    public async Task Typing_reaches_the_focused_console_and_removing_the_mux_is_busy_while_frontends_are_attached()
    {
        await using var terminal = await UnixClient.ConnectAsync(_service.Run("term.sock"));
        await _service.Process.WaitForLineAsync("Mux term: backend attached");
        await terminal.SendAsync("\u0001c"); // Ctrl-A c: vm1 -> shell
        await terminal.WaitForTextAsync("[muxactors: focus on console 'shell']");
        await terminal.SendAsync("typed-into-cat\r");
        await terminal.WaitForTextAsync("typed-into-cat");

        var (exit, _, error) = await Ctl("remove", "mux", "term");
        Assert.Equal((1, "muxctl: Chardev 'term' is busy (2 frontend(s) attached: vm1, shell; detach them or use force)\n"), (exit, error));
        Assert.Equal(0, (await Ctl("remove", "backend", "term", "vm1")).Exit);
        Assert.Equal(0, (await Ctl("remove", "backend", "term", "shell")).Exit);
        var (removed, output, _) = await Ctl("remove", "mux", "term");
        Assert.Equal((0, "removed mux term\n"), (removed, output));
    }

    [Fact]
    public async Task Muxctl_attach_is_a_terminal_of_the_mux_fe_with_its_escape_keys()
    {
        await using var events = await _service.Api.OpenEventsAsync("?mux=term");
        await events.WaitSubscribedAsync();
        await using var terminal = TerminalSession.Start("dotnet", Muxctl.Dll, "attach", "term", "--socket", _service.SocketPath);
        await terminal.WaitForTextAsync("attached to term; Ctrl-] q detaches");
        await terminal.TypeAsync(0x01, (byte)'c'); // Ctrl-A passes muxctl by; the mux-fe takes it
        await terminal.WaitForTextAsync("[muxactors: focus on console 'shell']");
        var focus = await events.WaitForAsync("focus", e => e.Field("console") == "shell", "the focus event");
        Assert.Equal("vm1", focus.Field("previous"));
        await terminal.TypeAsync("typed-through-attach\r");
        await terminal.WaitForTextAsync("typed-through-attach");
    }
}
