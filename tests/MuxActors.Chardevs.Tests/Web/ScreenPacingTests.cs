using System.Net;
using System.Text;
using Akka.Event;
using MuxActors.Chardevs.Web;
using MuxActors.Core.Output;
using MuxActors.TestSupport;

namespace MuxActors.Chardevs.Tests.Web;

/// <summary>
/// A page that falls behind under <c>drop</c> gets the current screen instead of what it missed, then one screen every
/// <see cref="Viewer.ScreenInterval"/> while the console floods or once it is quiet, then the stream again.
/// The hub runs on a manual clock; the page is a real WebSocket over loopback TCP.
/// </summary>
public sealed class ScreenPacingTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private ViewerHub _hub = null!;
    private LoopbackPage _page = null!;

    public async Task InitializeAsync()
    {
        var place = new WebPlace(new IPEndPoint(IPAddress.Loopback, 0), "/", []);
        var options = new WebOptions(place, Token: null, Cols: 80, Rows: 24, MaxClients: 4, ReadOnly: false,
            OverflowPolicy.Drop, TimeSpan.FromSeconds(5));
        _hub = new ViewerHub(options, _time, NoLogger.Instance, "web");
        _page = await LoopbackPage.JoinAsync(_hub);
    }

    [Fact]
    public async Task A_page_that_fell_behind_gets_paced_screens_during_a_flood_and_the_stream_once_it_is_quiet()
    {
        await FallBehindAsync("first");

        // It catches up: the current screen at once, not the rest of the flood.
        await _page.ReleaseAcksAsync();
        await _page.WaitAsync(() => _page.Count(WebFrames.Screen) == 2, "the screen after catching up");
        Assert.Contains("first line", _page.LastScreen, StringComparison.Ordinal);
        var received = _page.Text.Length;

        // The flood goes on, a chunk every 50 ms: no screen until a whole interval has passed since the last one.
        var step = TimeSpan.FromMilliseconds(50);
        for (var at = TimeSpan.Zero; at < Viewer.ScreenInterval; at += step)
        {
            await FloodAsync("second", 16 * 1024);
            _time.Advance(step);
            await _time.WaitForAsync(t => t.PendingTimers.Count > 0, what: "the page's next screen timer"); // it looked
            if (at + step < Viewer.ScreenInterval)
                Assert.Equal(2, _page.Count(WebFrames.Screen));
        }
        await _page.WaitAsync(() => _page.Count(WebFrames.Screen) == 3, "the screen a second later");
        Assert.Contains("second line", _page.LastScreen, StringComparison.Ordinal);
        Assert.True(_page.Text.Length - received < 8 * 1024, "a screen, not the 320 KiB of output");

        // The console goes quiet: a screen with what little came, as soon as it has been quiet a moment; then the page
        // streams again.
        await WriteAsync("quiet$ ");
        await _time.WaitForAsync(t => t.PendingTimers.Count > 0, what: "the next screen's timer");
        _time.Advance(Viewer.QuietAfter);
        await _page.WaitAsync(() => _page.Count(WebFrames.Screen) == 4, "the last screen");
        Assert.Contains("quiet$", _page.LastScreen, StringComparison.Ordinal);
        await WriteAsync("streaming again");
        await _page.WaitAsync(() => _page.Text.EndsWith("streaming again", StringComparison.Ordinal), "output as data");
        Assert.Equal(4, _page.Count(WebFrames.Screen));
    }

    [Fact]
    public async Task A_page_behind_a_short_burst_streams_again_without_waiting_for_more_output()
    {
        await FallBehindAsync("burst");
        await _page.ReleaseAcksAsync();
        await _page.WaitAsync(() => _page.Count(WebFrames.Screen) == 2, "the screen after catching up");

        // Nothing more was written: once the next screen would be due, the page is simply current again.
        await _time.WaitForAsync(t => t.PendingTimers.Contains(Viewer.ScreenInterval), what: "the next screen's timer");
        _time.Advance(Viewer.ScreenInterval);
        await WriteAsync("after the burst");
        await _page.WaitAsync(() => _page.Text.EndsWith("after the burst", StringComparison.Ordinal), "output as data");
        Assert.Equal(2, _page.Count(WebFrames.Screen));
    }

    /// <summary>
    /// The page holds its acks until its window is full; then more than its backlog is written (a frame's first chunk
    /// goes whole, so the window may be overrun by a chunk: a frame's worth more covers it).
    /// </summary>
    private async Task FallBehindAsync(string name)
    {
        _page.HoldAcks();
        await FloodAsync(name, Viewer.Window + 4096);
        await _page.WaitAsync(() => _page.DataBytes >= Viewer.Window, "a full window");
        await FloodAsync(name, Viewer.Backlog + WebFrames.MaxOutgoingPayload + 4096);
        Assert.Equal(1, _page.Count(WebFrames.Screen));
    }

    private async Task FloodAsync(string name, long bytes)
    {
        for (var (line, written) = (0, 0L); written < bytes; line++)
        {
            var text = $"{name} line {line,8} .........................\r\n";
            await WriteAsync(text);
            written += text.Length;
        }
    }

    private ValueTask WriteAsync(string text) => _hub.WriteAsync(Encoding.ASCII.GetBytes(text), CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _page.DisposeAsync();
        await _hub.DisposeAsync();
    }
}
