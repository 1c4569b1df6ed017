using System.Net.Sockets;
using System.Text.RegularExpressions;
using MuxActors.Management.Tests.Support;

namespace MuxActors.Management.Tests;

/// <summary><c>muxactors.management.listen</c>: TCP with a bearer token, a stale or busy socket file, off, and --check.</summary>
public sealed class ListenTests : IAsyncLifetime
{
    private const string Token = "a-test-token-of-32-characters-xx";
    private readonly string _dir = Directory.CreateTempSubdirectory("muxactors-listen-").FullName;

    private string ConfigPath => Path.Combine(_dir, "t.conf");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    private Task WriteConfigAsync(string management) => File.WriteAllTextAsync(ConfigPath, $$"""
        muxactors {
          {{management}}
          muxes.m { frontend { type = exec, command = ["/bin/cat"] }, backends { r { type = ringbuf } } }
        }
        """);

    [Fact]
    public async Task Tcp_needs_the_bearer_token()
    {
        await WriteConfigAsync("""management { listen = "tcp:127.0.0.1:0", token = ${?MUXACTORS_TOKEN} }""");
        await using var service = ServiceProcess.Start(_dir, new Dictionary<string, string> { ["MUXACTORS_TOKEN"] = Token }, "--config", ConfigPath);
        var line = await service.WaitForLineAsync(@"Management API listening on http://127\.0\.0\.1:\d+");
        var url = Regex.Match(line, @"http://127\.0\.0\.1:\d+").Value;
        Assert.False(File.Exists(Path.Combine(_dir, "run", "muxactors.sock")));

        using var anonymous = ApiClient.ForUrl(url, null);
        var refused = await anonymous.GetAsync("/v1/muxes");
        Assert.Equal(401, refused.Status);
        Assert.Equal("unauthorized", refused.Code);
        Assert.Equal("Bearer", refused.Headers["WWW-Authenticate"]);
        Assert.Equal(401, (await anonymous.SendAsync(HttpMethod.Get, "/metrics", authorization: "Bearer wrong")).Status);
        Assert.Equal(401, (await anonymous.SendAsync(HttpMethod.Get, "/v1/muxes", authorization: "Bearer " + Token + "x")).Status);

        using var authorized = ApiClient.ForUrl(url, Token);
        Assert.Equal(200, (await authorized.GetAsync("/v1/muxes")).Status);
        var (exit, output, error) = await Muxctl.RunAsync("list", "--url", url, "--token", Token);
        Assert.True(exit == 0, error);
        Assert.Contains("m ", output, StringComparison.Ordinal);
        var (denied, _, deniedError) = await Muxctl.RunAsync("list", "--url", url, "--token", "not-the-token");
        Assert.Equal(1, denied);
        Assert.Contains("muxctl: missing or wrong bearer token", deniedError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tcp_without_a_token_does_not_start_and_check_says_why()
    {
        await WriteConfigAsync("""management.listen = "tcp:127.0.0.1:0" """);
        foreach (var args in new[] { new[] { "--check", "--config", ConfigPath }, ["--config", ConfigPath] })
        {
            await using var service = ServiceProcess.Start(_dir, null, args);
            Assert.Equal(1, await service.WaitForExitAsync());
            Assert.Contains(service.Lines, l => l.Contains("t.conf:2:", StringComparison.Ordinal) && l.Contains("needs a bearer token", StringComparison.Ordinal));
        }
        Assert.False(Directory.Exists(Path.Combine(_dir, "run")));
    }

    [Fact]
    public async Task Check_reports_a_bad_listen_value_with_its_position()
    {
        await WriteConfigAsync("""management { listen = "http://0.0.0.0:80", colour = red }""");
        await using var service = ServiceProcess.Start(_dir, null, "--check", "--config", ConfigPath);
        Assert.Equal(1, await service.WaitForExitAsync());
        Assert.Contains(service.Lines, l => l.Contains("t.conf:2:", StringComparison.Ordinal) && l.Contains("is not unix:PATH, tcp:ADDRESS:PORT or off", StringComparison.Ordinal));
        Assert.Contains(service.Lines, l => l.Contains("muxactors.management.colour': unknown key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stale_socket_file_is_replaced_and_a_live_one_refused()
    {
        await WriteConfigAsync("""management.listen = "unix:run/api.sock" """);
        var path = Path.Combine(_dir, "run", "api.sock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // A socket file nobody listens on, as a crash leaves it (bound elsewhere, then moved into place).
        using (var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            var temporary = Path.Combine(_dir, "stale.sock");
            stale.Bind(new UnixDomainSocketEndPoint(temporary));
            File.Move(temporary, path);
        }
        await using (var service = ServiceProcess.Start(_dir, null, "--config", ConfigPath))
        {
            await service.WaitForLineAsync("Replaced the stale management socket");
            await service.WaitForLineAsync("Management API listening on unix:" + Regex.Escape(path));
            using var api = ApiClient.ForSocket(path);
            Assert.Equal(200, (await api.GetAsync("/v1/muxes")).Status);

            await using var second = ServiceProcess.Start(_dir, null, "--config", ConfigPath);
            Assert.Equal(1, await second.WaitForExitAsync());
            Assert.Contains(second.Lines, l => l.Contains("is in use by another process", StringComparison.Ordinal));
            Assert.Equal(200, (await api.GetAsync("/v1/muxes")).Status);

            service.Signal("TERM");
            Assert.Equal(0, await service.WaitForExitAsync());
        }
        Assert.False(File.Exists(path), "the socket file is removed on stop");
    }

    [Fact]
    public async Task Systemd_hears_ready_once_the_api_answers()
    {
        await WriteConfigAsync("""management.listen = "unix:run/api.sock" """);
        var notifyPath = Path.Combine(_dir, "notify.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(notifyPath));
        await using var service = ServiceProcess.Start(_dir, new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notifyPath }, "--config", ConfigPath);
        var buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var n = await notify.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
        Assert.StartsWith("READY=1", System.Text.Encoding.UTF8.GetString(buffer, 0, n), StringComparison.Ordinal);
        using var api = ApiClient.ForSocket(Path.Combine(_dir, "run", "api.sock"));
        Assert.Equal(200, (await api.GetAsync("/v1/muxes")).Status); // no retry: it must answer now
    }

    [Fact]
    public async Task Off_serves_nothing()
    {
        await WriteConfigAsync("""management.listen = off""");
        await using var service = ServiceProcess.Start(_dir, null, "--config", ConfigPath);
        await service.WaitForLineAsync("MuxActors ready: 1 mux");
        Assert.False(File.Exists(Path.Combine(_dir, "run", "muxactors.sock")));
        Assert.DoesNotContain(service.Lines, l => l.Contains("Management API", StringComparison.Ordinal));
        service.Signal("TERM");
        Assert.Equal(0, await service.WaitForExitAsync());
    }
}
