using System.Net.Sockets;
using System.Text;

namespace MuxActors.Service.Tests;

/// <summary>The real muxactors process, a stand-in VM console on a unix socket, and real socket clients.</summary>
public sealed class ServiceEndToEndTests() : ConsoleVmTests<EchoVm>("muxactors-e2e-", path => new EchoVm(path))
{

    private string ConfigPath => Path.Combine(Dir, "t.conf");

    private string Run(string file) => Path.Combine(Dir, "run", file);

    private void WriteConfig(string extraBackends = "") => File.WriteAllText(ConfigPath, $$"""
        muxactors {
          muxes.vm1 {
            frontend { type = unix-client, path = "vm.sock", reconnect = 100ms }
            backends {
              a   { type = unix-server, path = "run/a.sock" }
              log { type = file, path = "run/vm1.log", flush-interval = 100ms }
              {{extraBackends}}
            }
          }
        }
        """);

    private async Task<ServiceProcess> StartAsync(IDictionary<string, string>? environment = null)
    {
        var service = ServiceProcess.Start(Dir, environment, "--config", ConfigPath);
        await service.WaitForLineAsync("MuxActors ready: 1 mux");
        await service.WaitForLineAsync("Mux vm1: console frontend connected");
        await service.WaitForLineAsync("Mux vm1: log attached");
        return service;
    }

    private static async Task<UnixClient> AttachAsync(ServiceProcess service, string path, string backend, int attachedBefore)
    {
        var client = await UnixClient.ConnectAsync(path);
        // The client is live once the mux has registered it: wait for its (attachedBefore+1)-th attach line.
        await service.WaitForCountAsync($"Mux vm1: {backend} attached", attachedBefore + 1);
        return client;
    }

    [Fact]
    public async Task Two_clients_share_the_console_and_sigterm_flushes_the_log()
    {
        WriteConfig();
        await using var service = await StartAsync();
        await using var one = await AttachAsync(service, Run("a.sock"), "a", 0);
        await using var two = await AttachAsync(service, Run("a.sock"), "a", 1);
        await one.SendAsync("typed in one\n");
        await one.WaitForTextAsync("typed in one");
        await two.WaitForTextAsync("typed in one");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Run("a.sock")));

        service.Signal("TERM");
        Assert.Equal(0, await service.WaitForExitAsync());
        await two.WaitForTextAsync("[muxactors: the service is stopping]");
        var log = await File.ReadAllTextAsync(Run("vm1.log"));
        Assert.Contains("typed in one", log, StringComparison.Ordinal);
        Assert.False(File.Exists(Run("a.sock")), "the socket file is removed on stop");
    }

    [Fact]
    public async Task Sighup_keeps_unchanged_clients_and_starts_new_backends()
    {
        WriteConfig();
        await using var service = await StartAsync();
        await using var one = await AttachAsync(service, Run("a.sock"), "a", 0);
        WriteConfig("""b { type = unix-server, path = "run/b.sock" }""");
        service.Signal("HUP");
        await service.WaitForLineAsync("Configuration applied: 0 started, 0 stopped, 1 updated");
        await using var two = await AttachAsync(service, Run("b.sock"), "b", 0);
        await one.SendAsync("after reload\n");
        await one.WaitForTextAsync("after reload");
        await two.WaitForTextAsync("after reload");
        Assert.False(one.Closed);
        Assert.DoesNotContain(service.Lines, l => l.Contains("a detached", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sighup_with_a_broken_config_keeps_the_running_one()
    {
        WriteConfig();
        await using var service = await StartAsync();
        await using var one = await AttachAsync(service, Run("a.sock"), "a", 0);
        await File.WriteAllTextAsync(ConfigPath, "muxactors.muxes.vm1 {\n  frontend { type = warp-drive }\n");
        service.Signal("HUP");
        var rejected = await service.WaitForLineAsync("Reload rejected: ");
        Assert.Contains("t.conf:", rejected, StringComparison.Ordinal);
        await service.WaitForLineAsync("the running configuration stays");
        await one.SendAsync("still here\n");
        await one.WaitForTextAsync("still here");
    }

    [Fact]
    public async Task A_broken_config_at_start_exits_non_zero_with_the_position_and_leaves_nothing()
    {
        await File.WriteAllTextAsync(ConfigPath, """
            muxactors.muxes.vm1 {
              frontend { type = unix-client, path = "vm.sock" }
              backends { a { type = unix-server, path = "run/a.sock", on-overflow = maybe } }
            }
            """);
        await using var service = ServiceProcess.Start(Dir, null, "--config", ConfigPath);
        Assert.Equal(1, await service.WaitForExitAsync());
        Assert.Contains(service.Lines, l => l.Contains("t.conf:3:", StringComparison.Ordinal) && l.Contains("on-overflow", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(Dir, "run")) && Directory.EnumerateFileSystemEntries(Path.Combine(Dir, "run")).Any());
    }

    [Fact]
    public async Task Sd_notify_messages_arrive_in_order()
    {
        WriteConfig();
        var notifyPath = Path.Combine(Dir, "notify.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(notifyPath));
        await using var service = await StartAsync(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notifyPath });
        Assert.StartsWith("READY=1", await ReceiveAsync(notify), StringComparison.Ordinal);
        service.Signal("HUP");
        var reloading = await ReceiveAsync(notify);
        Assert.Matches(@"^RELOADING=1\nMONOTONIC_USEC=\d+$", reloading);
        Assert.StartsWith("READY=1", await ReceiveAsync(notify), StringComparison.Ordinal);
        service.Signal("TERM");
        Assert.Equal("STOPPING=1", await ReceiveAsync(notify));
        Assert.Equal(0, await service.WaitForExitAsync());
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }
}
