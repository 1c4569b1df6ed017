using System.Net.WebSockets;
using MuxActors.Service.Tests.Browser;

namespace MuxActors.Service.Tests;

/// <summary>
/// The vc's WebSocket route against the real service, without a browser: RFB in binary frames, the Origin check of
/// the web backends, and max-clients counted across TCP and WebSocket viewers.
/// </summary>
public sealed class VncWebSocketTests(VncWebFixture mux) : IClassFixture<VncWebFixture>
{
    [VncWebFact]
    public async Task A_page_of_another_origin_is_refused_and_its_own_origin_gets_rfb()
    {
        await Assert.ThrowsAsync<WebSocketException>(() => RfbProbe.WebSocketAsync(new Uri(mux.BaseUrl, "/vc0/"), origin: "http://evil.example"));
        Assert.Contains(mux.Service.Lines, l => l.Contains("refused a page from origin http://evil.example", StringComparison.Ordinal));

        await using var own = await RfbProbe.WebSocketAsync(new Uri(mux.BaseUrl, "/vc0/"), origin: $"http://{mux.BaseUrl.Authority}");
        Assert.Null(own.Refusal);
        await using var web = await RfbProbe.WebSocketAsync(new Uri(mux.BaseUrl, "/webonly/"));
        Assert.Null(web.Refusal);
    }

    [VncWebFact]
    public async Task Viewers_over_tcp_and_over_websocket_count_together_toward_max_clients()
    {
        var page = new Uri(mux.BaseUrl, "/one/");
        await using (var tcp = await RfbProbe.TcpAsync(mux.OnePort))
        {
            Assert.Null(tcp.Refusal);
            await using var ws = await RfbProbe.WebSocketAsync(page);
            Assert.Equal("too many viewers (max-clients = 1)", ws.Refusal);
        }
        // The place is given back once the server has seen the TCP viewer go.
        await using var webViewer = await AdmittedAsync(() => RfbProbe.WebSocketAsync(page));
        await using var tcpViewer = await RfbProbe.TcpAsync(mux.OnePort);
        Assert.Equal("too many viewers (max-clients = 1)", tcpViewer.Refusal);
    }

    /// <summary>Probes until one is admitted (a place is freed a moment after the socket closed), failing at the deadline.</summary>
    private static async Task<RfbProbe> AdmittedAsync(Func<Task<RfbProbe>> probe)
    {
        using var deadline = new CancellationTokenSource(TestTimeouts.Dilated(TimeSpan.FromSeconds(10)));
        while (true)
        {
            var next = await probe();
            if (next.Refusal is null)
                return next;
            await next.DisposeAsync();
            if (deadline.IsCancellationRequested)
                throw new TimeoutException($"still refused: {next.Refusal}");
        }
    }
}
