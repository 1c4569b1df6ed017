using System.Net.Sockets;
using System.Text;

namespace MuxActors.Service.Tests;

/// <summary>
/// The real muxactors process with a fake notify socket and a watchdog timeout: the status line rides on READY=1,
/// WATCHDOG=1 comes at half the timeout, and the stop's status line follows STOPPING=1.
/// </summary>
public sealed class SystemdWatchdogTests() : ConsoleVmTests<EchoVm>("muxactors-watchdog-", path => new EchoVm(path))
{

    [Fact]
    public async Task Ready_carries_the_status_the_watchdog_is_pinged_and_the_stop_reports_its_status()
    {
        var config = Path.Combine(Dir, "t.conf");
        await File.WriteAllTextAsync(config, """
            muxactors.muxes.vm1 {
              frontend { type = unix-client, path = "vm.sock", reconnect = 100ms }
              backends { a { type = unix-server, path = "run/a.sock" } }
            }
            """);
        var notifyPath = Path.Combine(Dir, "notify.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(notifyPath));
        var environment = new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notifyPath, ["WATCHDOG_USEC"] = "400000" };
        await using var service = ServiceProcess.Start(Dir, environment, "--config", config);

        var received = new List<string>();
        // A ping may come before READY=1 while the muxes start (systemd allows it): READY first, then a ping.
        await ReceiveUntilAsync(notify, received, "READY=1\nSTATUS=1 mux(es) running");
        await ReceiveUntilAsync(notify, received, "WATCHDOG=1");
        service.Signal("TERM");
        await ReceiveUntilAsync(notify, received, "STATUS=stopping: telling clients and flushing logs");
        var stopping = received.IndexOf("STOPPING=1");
        Assert.True(stopping >= 0 && stopping < received.Count - 1, "STOPPING=1 comes first: " + string.Join(" | ", received));
        Assert.Equal(0, await service.WaitForExitAsync());
    }

    [Fact]
    public async Task Sigint_stops_gracefully_under_the_systemd_lifetime_too()
    {
        var config = Path.Combine(Dir, "t.conf");
        await File.WriteAllTextAsync(config, """
            muxactors.muxes.vm1 {
              frontend { type = unix-client, path = "vm.sock", reconnect = 100ms }
              backends { log { type = file, path = "run/vm1.log" } }
            }
            """);
        var notifyPath = Path.Combine(Dir, "notify.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(notifyPath));
        await using var service = ServiceProcess.Start(Dir, new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notifyPath }, "--config", config);
        var received = new List<string>();
        await ReceiveUntilAsync(notify, received, "READY=1\nSTATUS=1 mux(es) running");
        service.Signal("INT");
        await ReceiveUntilAsync(notify, received, "STOPPING=1");
        Assert.Equal(0, await service.WaitForExitAsync());
        await service.WaitForLineAsync("Stopping: telling clients and flushing logs");
    }

    /// <summary>Receives datagrams into <paramref name="received"/> until one equals <paramref name="state"/>.</summary>
    private static async Task ReceiveUntilAsync(Socket socket, List<string> received, string state)
    {
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(TestTimeouts.Dilated(TimeSpan.FromSeconds(20)));
        while (received.Count == 0 || received[^1] != state)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            received.Add(Encoding.UTF8.GetString(buffer, 0, n));
        }
    }
}
