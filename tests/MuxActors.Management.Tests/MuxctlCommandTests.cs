using System.Text.Json;
using MuxActors.Management.Tests.Support;

namespace MuxActors.Management.Tests;

/// <summary>muxctl's other commands against the running service: tables, --json, changes, tail, errors.</summary>
public sealed class MuxctlCommandTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private RunningService Service => fixture.Service;

    private Task<(int Exit, string Out, string Err)> Ctl(params string[] args) =>
        Muxctl.RunAsync([.. args, "--socket", Service.SocketPath]);

    [Fact]
    public async Task List_and_show_print_tables_or_json()
    {
        var (exit, output, error) = await Ctl("list");
        Assert.True(exit == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("MUX ", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("vm1 ", StringComparison.Ordinal) && l.Contains(" up ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("small ", StringComparison.Ordinal) && l.Contains(" down ", StringComparison.Ordinal));

        (exit, output, _) = await Ctl("show", "vm1");
        Assert.Equal(0, exit);
        Assert.StartsWith("mux vm1: console frontend (unix-client) up", output, StringComparison.Ordinal);
        Assert.Contains("BACKEND", output, StringComparison.Ordinal);
        Assert.Contains("unix-server", output, StringComparison.Ordinal);

        (exit, output, _) = await Ctl("list", "--json");
        Assert.Equal(0, exit);
        Assert.Equal(2, JsonDocument.Parse(output).RootElement.GetProperty("muxes").GetArrayLength());
    }

    [Fact]
    public Task Show_prints_the_url_of_a_web_backend_added_at_run_time() =>
        ShowsUrlAsync("page", "web", "listen=127.0.0.1:0", "path=/vm1/", @"http://127\.0\.0\.1:[1-9][0-9]*/vm1/");

    [VcFontFact]
    public Task Show_prints_the_novnc_url_of_a_vc_added_at_run_time() =>
        ShowsUrlAsync("screen", "vc", "web=127.0.0.1:0", "web-path=/screen/", @"http://127\.0\.0\.1:[1-9][0-9]*/screen/");

    /// <summary>Adds a chardev served on an HTTP port the system picks; muxctl show must list its real URL.</summary>
    private async Task ShowsUrlAsync(string id, string type, string listen, string path, string url)
    {
        var (exit, _, error) = await Ctl("add", "chardev", id, type, listen, path, "--mux", "vm1");
        Assert.True(exit == 0, error);
        try
        {
            // The backend's port opens just after the add returns: ask again until it is listed, within a deadline.
            var deadline = DateTime.UtcNow + TestTimeouts.Dilated(TimeSpan.FromSeconds(20));
            string line;
            do
            {
                (exit, var output, error) = await Ctl("show", "vm1");
                line = output.Split('\n').FirstOrDefault(l => l.StartsWith(id + " ", StringComparison.Ordinal)) ?? "";
            }
            while (exit == 0 && !line.Contains("http://", StringComparison.Ordinal) && DateTime.UtcNow < deadline);
            Assert.True(exit == 0, error);
            Assert.Contains(type, line, StringComparison.Ordinal);
            Assert.Matches(url, line); // the port the system chose, not 0
        }
        finally
        {
            await Ctl("remove", "backend", "vm1", id);
            await Ctl("remove", "chardev", id);
        }
    }

    [Fact]
    public async Task Add_remove_and_break_report_what_they_did()
    {
        var (exit, output, error) = await Ctl("add", "chardev", "ctl1", "unix-server", "path=run/ctl1.sock", "replay=4KiB", "--mux", "vm1");
        Assert.True(exit == 0, error);
        Assert.Equal("added chardev ctl1 to mux vm1\n", output);

        (exit, _, error) = await Ctl("remove", "chardev", "ctl1");
        Assert.Equal(1, exit);
        Assert.Equal("muxctl: Chardev 'ctl1' is busy\n", error);

        (exit, output, _) = await Ctl("remove", "backend", "vm1", "ctl1");
        Assert.Equal((0, "detached ctl1 from vm1\n"), (exit, output));
        (exit, output, _) = await Ctl("remove", "chardev", "ctl1");
        Assert.Equal((0, "removed chardev ctl1\n"), (exit, output));

        (exit, output, _) = await Ctl("add", "mux", "ctlmux", """{"frontend":{"type":"exec","command":["/bin/cat"]},"backends":{"r":{"type":"ringbuf"}}}""");
        Assert.Equal((0, "started mux ctlmux\n"), (exit, output));
        (exit, output, _) = await Ctl("remove", "mux", "ctlmux", "--force");
        Assert.Equal((0, "removed mux ctlmux\n"), (exit, output));

        (exit, output, _) = await Ctl("break", "vm1");
        Assert.Equal((0, "BREAK sent to vm1\n"), (exit, output));
    }

    [Fact]
    public async Task Errors_are_one_line_and_json_mode_prints_the_body()
    {
        var (exit, output, error) = await Ctl("show", "nope");
        Assert.Equal((1, "", "muxctl: mux 'nope' not found\n"), (exit, output, error));
        (exit, output, _) = await Ctl("show", "nope", "--json");
        Assert.Equal(1, exit);
        Assert.Equal("not-found", JsonDocument.Parse(output).RootElement.GetProperty("code").GetString());

        (exit, _, error) = await Muxctl.RunAsync("list", "--socket", Path.Combine(Service.Dir, "no-such.sock"));
        Assert.Equal(1, exit);
        Assert.StartsWith("muxctl: can't reach muxactors at unix:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_shows_replayed_and_live_output_and_sends_nothing()
    {
        await using var events = await Service.Api.OpenEventsAsync("?mux=vm1");
        await using var client = await UnixClient.ConnectAsync(Service.Run("a.sock"));
        await events.WaitForAsync("attach", e => e.Field("chardev") == "a", "the typing client");
        await client.SendAsync("before-tail\n");
        await client.WaitForTextAsync("before-tail");

        await using var tail = Muxctl.Start("tail", "vm1", "--replay", "--socket", Service.SocketPath);
        await tail.WaitForOutputAsync("before-tail");
        await events.WaitForAsync("attach", e => e.Field("chardev") == "tail", "the tail's port");
        await client.SendAsync("after-tail\n");
        await tail.WaitForOutputAsync("after-tail");

        var status = (await Service.Api.GetAsync("/v1/muxes/vm1")).Json.GetProperty("backends").EnumerateArray()
            .Single(b => b.GetProperty("id").GetString() == "tail").GetProperty("clients")[0];
        Assert.Equal("drop", status.GetProperty("policy").GetString());

        tail.Signal("TERM");
        Assert.Equal(128 + 15, await tail.WaitForExitAsync());
        await events.WaitForAsync("detach", e => e.Field("chardev") == "tail", "the tail leaving");
    }
}

/// <summary>A fact that needs the vc's console font (Debian's console-setup-linux); skipped without it.</summary>
public sealed class VcFontFactAttribute : FactAttribute
{
    public VcFontFactAttribute()
    {
        if (!MuxActors.Vnc.Fonts.FontLocator.SearchFolders.Any(f => File.Exists(Path.Combine(f, MuxActors.Vnc.Fonts.FontLocator.DefaultFontName))))
            Skip = "needs console-setup-linux (apt-get install console-setup-linux): the vc's font";
    }
}
