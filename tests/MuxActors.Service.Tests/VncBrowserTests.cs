using MuxActors.Service.Tests.Browser;

namespace MuxActors.Service.Tests;

/// <summary>
/// The vc's noVNC page in headless chromium (playwright-core) against the real service with a shell console: what is
/// typed in noVNC reaches the shell through RFB over the WebSocket, and a unix socket client on the same mux reads it.
/// </summary>
public sealed class VncBrowserTests(VncWebFixture mux, BrowserFixture browser)
    : IClassFixture<VncWebFixture>, IClassFixture<BrowserFixture>
{
    private BrowserDriver Browser => browser.Driver;

    [VncBrowserFact]
    public async Task Keys_typed_in_novnc_reach_the_shell_and_a_socket_client_reads_the_answer()
    {
        await using var socket = await UnixClient.ConnectAsync(mux.SocketPath);
        await Browser.SendAsync("openVnc", new { page = "vnc", url = new Uri(mux.BaseUrl, "/vc0/").ToString() });
        try
        {
            Assert.True((await Browser.SendAsync("vncStats", new { page = "vnc" }))!["connected"]!.GetValue<bool>());

            await Browser.SendAsync("type", new { page = "vnc", text = "echo $((6*7))x" });
            await Browser.SendAsync("press", new { page = "vnc", key = "Enter" });

            await socket.WaitUntilAsync(c => c.Received.Contains("\n42x", StringComparison.Ordinal), "42x on the unix socket");
            Assert.Contains(mux.Service.Lines, l => l.Contains("viewer ws:127.0.0.1:", StringComparison.Ordinal) && l.Contains("connected (RFB 3.8", StringComparison.Ordinal));
        }
        finally
        {
            await Browser.SendAsync("close", new { page = "vnc" });
        }
    }
}

/// <summary>A fact that reports skipped, saying what to install, without chromium and node, the vc's font, or noVNC in the build.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class VncBrowserFactAttribute : FactAttribute
{
    public VncBrowserFactAttribute()
    {
        if ((BrowserDriver.Unavailable ?? VncWebFixture.Unavailable) is { } why)
            Skip = why;
        else if (!File.Exists(Path.Combine(AppContext.BaseDirectory, "webvnc", "novnc", "core", "rfb.js")))
            Skip = "noVNC was not built into the page (npm missing when MuxActors.Service was built)";
    }
}
