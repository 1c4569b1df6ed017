using System.Net;
using System.Net.WebSockets;
using MuxActors.Service.Tests.Browser;

namespace MuxActors.Service.Tests;

/// <summary>
/// The web backend's WebSocket against the real service, without a browser: hostile clients are closed one by one
/// and touch nobody else; the server itself ignores a read-only page's input; a page of another origin is refused.
/// </summary>
public sealed class WebTerminalSocketTests(WebTerminalFixture mux) : IClassFixture<WebTerminalFixture>
{
    [Fact]
    public async Task Hostile_frames_close_that_page_and_touch_nobody_else()
    {
        await using var good = await PageSocket.ConnectAsync(mux.BaseUrl);
        await good.WaitForScreenAsync();

        var hostile = new (string What, Func<PageSocket, Task> Send, WebSocketCloseStatus Expected)[]
        {
            ("a text frame", p => p.SendRawAsync("echo hi\n"u8.ToArray(), WebSocketMessageType.Text), WebSocketCloseStatus.InvalidMessageType),
            ("an oversized frame", p => p.SendFrameAsync(0x02, new byte[70_000]), WebSocketCloseStatus.MessageTooBig),
            ("a pause/resume flood", async p =>
            {
                for (var i = 0; i < 500; i++)
                    await p.SendFrameAsync((byte)(i % 2 == 0 ? 0x04 : 0x05), []);
            }, WebSocketCloseStatus.PolicyViolation),
            ("an ack for more than was sent", p => p.SendFrameAsync(0x03, [0x7f, 0, 0, 0]), WebSocketCloseStatus.ProtocolError),
            ("an unknown frame type", p => p.SendFrameAsync(0x42, [1]), WebSocketCloseStatus.ProtocolError),
        };
        foreach (var (what, send, expected) in hostile)
        {
            await using var bad = await PageSocket.ConnectAsync(mux.BaseUrl);
            await bad.WaitForScreenAsync();
            await send(bad);
            await bad.WaitClosedAsync();
            Assert.True(expected == bad.CloseStatus, $"{what}: closed with {bad.CloseStatus}, expected {expected}");
        }

        await using var socket = await UnixClient.ConnectAsync(mux.SocketPath);
        await socket.SendAsync("echo ok$((5*5))\n");
        await good.WaitForTextAsync("ok25");
        Assert.Null(good.CloseStatus);
    }

    [Fact]
    public async Task Under_disconnect_a_page_that_stays_behind_is_closed_and_a_page_that_keeps_up_gets_everything()
    {
        var slow = new Uri(mux.BaseUrl, "/slow/");
        await using var stuck = await PageSocket.ConnectAsync(slow, acknowledge: false);
        await using var keepsUp = await PageSocket.ConnectAsync(slow);
        await stuck.WaitForScreenAsync();
        await keepsUp.WaitForScreenAsync();

        await using var socket = await UnixClient.ConnectAsync(mux.SocketPath);
        await socket.SendAsync("seq 1 200000; echo slow$((6*6))\n"); // about 1.5 MB: the stuck page's window is 64 KiB, its backlog 128 KiB
        await keepsUp.WaitForTextAsync("slow36");
        await stuck.WaitClosedAsync();
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, stuck.CloseStatus);
        Assert.Contains("\n199999\r\n200000\r\n", keepsUp.Text, StringComparison.Ordinal);
        Assert.Null(keepsUp.CloseStatus);
    }

    [Fact]
    public async Task A_page_beyond_max_clients_is_refused_until_a_place_is_free()
    {
        var one = new Uri(mux.BaseUrl, "/one/");
        var first = await PageSocket.ConnectAsync(one);
        await first.WaitForScreenAsync();
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => PageSocket.ConnectAsync(one));
        Assert.Contains("503", refused.Message, StringComparison.Ordinal);
        await first.DisposeAsync();
        // The place is free once the server noticed the first page leave: its log says so.
        await mux.Service.WaitForLineAsync(@"web backend 'one'.*left");
        await using var second = await PageSocket.ConnectAsync(one);
        await second.WaitForScreenAsync();
    }

    [Fact]
    public async Task The_server_discards_the_input_of_a_read_only_page()
    {
        await using var readOnly = await PageSocket.ConnectAsync(new Uri(mux.BaseUrl, "/ro/"));
        await readOnly.WaitForScreenAsync();
        await readOnly.InputAsync("echo sneaky$((4*4))\n");
        await using var socket = await UnixClient.ConnectAsync(mux.SocketPath);
        await socket.SendAsync("echo after$((1+1))\n");
        await readOnly.WaitForTextAsync("after2");
        Assert.DoesNotContain("sneaky16", readOnly.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("sneaky", socket.Received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_of_another_origin_is_refused_and_the_page_of_its_own_origin_is_not()
    {
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => PageSocket.ConnectAsync(mux.BaseUrl, origin: "http://evil.example"));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
        await using var own = await PageSocket.ConnectAsync(mux.BaseUrl, origin: $"http://{mux.BaseUrl.Authority}");
        await own.WaitForScreenAsync();
    }

    [Fact]
    public async Task The_page_and_its_assets_are_served_with_a_content_security_policy()
    {
        using var http = new HttpClient();
        using var page = await http.GetAsync(mux.BaseUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("terminal.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var missing = await http.GetAsync(new Uri(mux.BaseUrl, "/nothing-here"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var redirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var ro = await redirect.GetAsync(new Uri(mux.BaseUrl, "/ro"));
        Assert.Equal(HttpStatusCode.Redirect, ro.StatusCode);
    }
}
