using MuxActors.Service.Tests.Browser;

namespace MuxActors.Service.Tests;

/// <summary>
/// The web backend in headless chromium (xterm.js pages driven by playwright-core) against the real service with a
/// shell console: shared typing, the screen on reload, read-only, tokens, one answer to a terminal query, and a page
/// whose script stops losing output under drop while nobody else does.
/// </summary>
public sealed class WebTerminalBrowserTests(WebTerminalFixture mux, BrowserFixture browser)
    : IClassFixture<WebTerminalFixture>, IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly List<string> _pages = [];

    private BrowserDriver Browser => browser.Driver;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Closes this test's pages, so the next test's console is not also rendering them.</summary>
    public async Task DisposeAsync()
    {
        foreach (var page in _pages)
            await Browser.SendAsync("close", new { page });
    }

    private Task OpenAsync(string page, string url)
    {
        _pages.Add(page);
        return Browser.OpenAsync(page, url);
    }

    private string Url(string path) => new Uri(mux.BaseUrl, path).ToString();

    [BrowserFact]
    public async Task Two_pages_share_the_shell_and_a_reloaded_page_shows_the_screen_before_new_output()
    {
        await using var socket = await UnixClient.ConnectAsync(mux.SocketPath);
        await OpenAsync("a", Url("/"));
        await OpenAsync("b", Url("/"));

        await Browser.SendAsync("type", new { page = "a", text = "echo $((6*7))x" });
        await Browser.SendAsync("press", new { page = "a", key = "Enter" });

        await Browser.WaitForLineAsync("b", "42x");
        await socket.WaitUntilAsync(c => c.Received.Contains("\n42x", StringComparison.Ordinal), "42x on the unix socket");

        // The shell is idle now: whatever the reloaded page shows came from the snapshot.
        await Browser.SendAsync("reload", new { page = "b" });
        var stats = await Browser.StatsAsync("b");
        Assert.Equal(1, stats["screens"]!.GetValue<int>());
        Assert.Contains("42x", await Browser.LinesAsync("b"));
    }

    [BrowserFact]
    public async Task Ctrl_shift_c_copies_the_selection_and_ctrl_shift_v_pastes_into_the_console()
    {
        await using var socket = await UnixClient.ConnectAsync(mux.SocketPath);
        await OpenAsync("clip", Url("/"));
        await Browser.SendAsync("type", new { page = "clip", text = "echo copy$((8*8))me" });
        await Browser.SendAsync("press", new { page = "clip", key = "Enter" });
        await Browser.WaitForLineAsync("clip", "copy64me");

        var selected = (await Browser.SendAsync("selectLine", new { page = "clip", pattern = "^copy64me$" }))!.GetValue<string>();
        Assert.Equal("copy64me", selected.Trim());
        await Browser.SendAsync("setClipboard", new { page = "clip", text = "not copied yet" });
        await Browser.SendAsync("press", new { page = "clip", key = "Control+Shift+C" });
        await Browser.SendAsync("waitClipboard", new { page = "clip", text = "copy64me", timeout = (int)TestTimeouts.Dilated(TimeSpan.FromSeconds(10)).TotalMilliseconds });

        // A paste reaches the console like typed text (as one bracketed paste when the shell asked for one).
        await Browser.SendAsync("setClipboard", new { page = "clip", text = "echo paste$((9*9))d" });
        await Browser.SendAsync("press", new { page = "clip", key = "Control+Shift+V" });
        await Browser.WaitForLineAsync("clip", "$ echo paste$((9*9))d"); // once: the browser's own paste must not add another
        await Browser.SendAsync("press", new { page = "clip", key = "Enter" });
        await socket.WaitUntilAsync(c => c.Received.Contains("paste81d", StringComparison.Ordinal),
            "the pasted command's answer on the unix socket");
        await Browser.WaitForLineAsync("clip", "paste81d");
    }

    [BrowserFact]
    public async Task The_font_fitting_settles_instead_of_measuring_the_font_every_frame()
    {
        await OpenAsync("fit", Url("/"));

        // Fitting starts at the welcome and takes a few frames; from then on the size must stay put (it used to swing
        // between two sizes every frame, a tab busy for ever).
        var sizes = (await Browser.SendAsync("fontSizes", new { page = "fit", frames = 40 }))!.AsArray()
            .Select(s => s!.GetValue<double>()).ToArray();
        Assert.Single(sizes[10..].Distinct());
    }

    [BrowserFact]
    public async Task A_read_only_page_says_so_and_its_keys_never_reach_the_console()
    {
        await OpenAsync("ro", Url("/ro/"));
        await OpenAsync("rw", Url("/"));
        Assert.True((await Browser.StatsAsync("ro"))["readOnly"]!.GetValue<bool>());

        await Browser.SendAsync("type", new { page = "ro", text = "echo ro$((1+1))x" });
        await Browser.SendAsync("press", new { page = "ro", key = "Enter" });
        // Input is written in order: once the writable page's line ran, the read-only one would have run before it.
        await Browser.SendAsync("type", new { page = "rw", text = "echo rw$((2+3))x" });
        await Browser.SendAsync("press", new { page = "rw", key = "Enter" });
        await Browser.WaitForLineAsync("ro", "rw5x");

        Assert.DoesNotContain("ro2x", mux.LogText, StringComparison.Ordinal);
        Assert.DoesNotContain("echo ro", mux.LogText, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task A_wrong_token_is_refused_and_the_right_one_is_let_in()
    {
        await OpenAsync("wrong", Url("/tok/") + "#not-the-token");
        var refused = (await Browser.StatsAsync("wrong"))["refused"]?.GetValue<string>();
        Assert.StartsWith("unauthorized", refused, StringComparison.Ordinal);

        await OpenAsync("right", Url("/tok/") + "#" + mux.Token);
        Assert.True((await Browser.StatsAsync("right"))["connected"]!.GetValue<bool>());
        Assert.DoesNotContain(mux.Token, mux.Service.Output, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task The_guest_gets_exactly_one_answer_to_a_position_query_with_two_pages_open()
    {
        await OpenAsync("q1", Url("/"));
        await OpenAsync("q2", Url("/"));
        // Raw mode, the question, then every byte that comes until each page has typed a Z and an answer came; the
        // answers counted. A page types its Z once it shows what the guest printed after the question, so an answer
        // from its xterm.js would have gone on its socket before its Z. The server's answer may come from another web
        // backend of the fixture, in no fixed order with the Zs: hence the wait for it. No fixed wait.
        await Browser.SendAsync("insert", new { page = "q1", text = "stty raw -echo; printf '\\033[6n'; printf 'ask%s\\r\\n' ed; s=; z=0; until [ $z -ge 2 ] && case $s in *R*) true;; *) false;; esac; do c=$(dd bs=1 count=1 2>/dev/null); [ \"$c\" = Z ] && z=$((z+1)); s=$s$c; done; stty sane; echo answers=$(printf %s \"$s\" | tr -cd R | wc -c)" });
        await Browser.SendAsync("press", new { page = "q1", key = "Enter" });
        foreach (var page in new[] { "q1", "q2" })
        {
            await Browser.WaitForLineAsync(page, "asked");
            await Browser.SendAsync("type", new { page, text = "Z" });
        }
        await Browser.WaitForAsync("q2", "^answers=\\d+$");
        Assert.Equal("answers=1", (await Browser.LinesAsync("q2")).Single(l => l.StartsWith("answers=", StringComparison.Ordinal)));
    }

    [BrowserFact]
    public async Task A_page_that_stops_acknowledging_loses_output_under_drop_while_the_other_page_and_the_log_lose_nothing()
    {
        await OpenAsync("fast", Url("/"));
        await OpenAsync("stuck", Url("/"));
        await Browser.SendAsync("pause", new { page = "stuck" });

        // About 1.7 MB, more than the stopped page can hold (768 KiB at most), in 30 bursts of 57 KiB: less than a
        // window each. The shell waits for Enter after a burst and the running page presses it once it shows the
        // burst, so that page is never more than a window behind however slow a loaded machine makes it (a paced
        // loop without the lockstep had it resynced when chromium was starved for a fraction of a second).
        await Browser.SendAsync("insert", new { page = "fast", text = "for i in $(seq 1 30); do seq 1 10000; echo burst$i; read x; done; echo end$((3*4))" });
        await Browser.SendAsync("press", new { page = "fast", key = "Enter" });
        for (var burst = 1; burst <= 30; burst++)
        {
            await Browser.WaitForLineAsync("fast", $"burst{burst}");
            await Browser.SendAsync("press", new { page = "fast", key = "Enter" });
        }
        await Browser.WaitForLineAsync("fast", "end12");

        Assert.Equal(1, (await Browser.StatsAsync("fast"))["screens"]!.GetValue<int>()); // never resynced: it lost nothing
        await WaitForLogAsync("\nend12");
        Assert.Equal(30, CountOf(mux.LogText, "\n10000\r"));

        await Browser.SendAsync("resume", new { page = "stuck" });
        await Browser.WaitForLineAsync("stuck", "end12");
        var stuck = await Browser.StatsAsync("stuck");
        Assert.True(stuck["screens"]!.GetValue<int>() >= 2, "the stuck page was resynced to the screen");
        Assert.True(stuck["bytes"]!.GetValue<long>() < (await Browser.StatsAsync("fast"))["bytes"]!.GetValue<long>() / 2);
    }

    private async Task WaitForLogAsync(string text)
    {
        var changed = new Awaitable();
        using var watcher = new FileSystemWatcher(mux.Dir, "out.log") { EnableRaisingEvents = true };
        watcher.Changed += (_, _) => changed.Pulse();
        await changed.UntilAsync(() => mux.LogText.Contains(text, StringComparison.Ordinal), () => $"'{text.Trim()}' in the log");
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
            count++;
        return count;
    }
}
