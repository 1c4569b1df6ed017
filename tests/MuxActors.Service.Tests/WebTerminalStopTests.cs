using System.Net.WebSockets;
using System.Text.RegularExpressions;
using MuxActors.Service.Tests.Browser;

namespace MuxActors.Service.Tests;

/// <summary>
/// SIGTERM with a page open: the page gets the stop notice as its last output and then a WebSocket close saying the
/// server is going away (1001), so it can tell a stopped service from a network failure.
/// </summary>
public sealed partial class WebTerminalStopTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("muxactors-webstop-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_page_gets_the_stop_notice_and_then_a_going_away_close()
    {
        var config = Path.Combine(_dir, "t.conf");
        await File.WriteAllTextAsync(config, """
            muxactors {
              management.listen = off
              muxes.vm1 {
                frontend { type = exec, command = ["/bin/cat"] }
                backends { web { type = web, listen = "127.0.0.1:0" } }
              }
            }
            """);
        await using var service = ServiceProcess.Start(_dir, null, "--config", config);
        var url = ServingAt().Match(await service.WaitForLineAsync(ServingAt().ToString())).Groups[1].Value;
        await using var page = await PageSocket.ConnectAsync(new Uri(url));
        await page.WaitForScreenAsync();

        service.Signal("TERM");
        await page.WaitClosedAsync();
        Assert.Equal(0, await service.WaitForExitAsync());
        Assert.Contains("[muxactors: the service is stopping]", page.Text, StringComparison.Ordinal);
        Assert.True(page.CloseStatus == WebSocketCloseStatus.EndpointUnavailable, $"closed with {page.CloseStatus}; the service said:\n{service.Output}");
    }

    [GeneratedRegex(@"serving the console at (http://\S+)")]
    private static partial Regex ServingAt();
}
