using System.Net.Sockets;
using System.Text;

namespace MuxActors.Service.Tests;

/// <summary>
/// SIGTERM while the console floods: the service stops reading the console, lets the log and every lossless client
/// catch up, and only then writes the notice, so the notice is last everywhere and the log ends like the client.
/// </summary>
public sealed class StopNoticeTests : IAsyncLifetime
{
    private const string Notice = "\r\n[muxactors: the service is stopping]\r\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("muxactors-stop-").FullName;
    private FloodVm? _vm;

    private string Run(string file) => Path.Combine(_dir, "run", file);

    public Task InitializeAsync()
    {
        _vm = new FloodVm(Path.Combine(_dir, "vm.sock"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_vm is not null)
            await _vm.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_notice_comes_after_everything_read_and_the_log_ends_like_a_lossless_client()
    {
        var config = Path.Combine(_dir, "t.conf");
        await File.WriteAllTextAsync(config, """
            muxactors {
              management.listen = off
              muxes.vm1 {
                frontend { type = unix-client, path = "vm.sock", reconnect = 100ms }
                backends {
                  a   { type = unix-server, path = "run/a.sock" }
                  log { type = file, path = "run/vm1.log", flush-interval = 100ms }
                }
              }
            }
            """);
        await using var service = ServiceProcess.Start(_dir, null, "--config", config);
        await service.WaitForLineAsync("Mux vm1: log attached");
        await using var client = await UnixClient.ConnectAsync(Run("a.sock"));
        await client.WaitUntilAsync(c => c.Received.Length > 256 * 1024, "a quarter megabyte of the flood");

        service.Signal("TERM");
        Assert.Equal(0, await service.WaitForExitAsync());
        await client.WaitUntilAsync(c => c.Closed, "the end of the session");
        var received = client.Received;
        var log = await File.ReadAllTextAsync(Run("vm1.log"));
        Assert.EndsWith(Notice, received, StringComparison.Ordinal);
        Assert.EndsWith(Notice, log, StringComparison.Ordinal);
        Assert.True(log.EndsWith(received, StringComparison.Ordinal),
            $"the log ({log.Length} characters) does not end with what the client got ({received.Length})");
    }

    /// <summary>A console that prints numbered lines as fast as they are read, until it is closed.</summary>
    private sealed class FloodVm : IAsyncDisposable
    {
        private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public FloodVm(string path)
        {
            _listener.Bind(new UnixDomainSocketEndPoint(path));
            _listener.Listen();
            _loop = Task.Run(FloodAsync);
        }

        private async Task FloodAsync()
        {
            try
            {
                using var console = await _listener.AcceptAsync(_stop.Token);
                var line = 0L;
                var text = new StringBuilder();
                while (true)
                {
                    text.Clear();
                    while (text.Length < 4096)
                        text.Append("line ").Append(line++).Append('\n');
                    await console.SendAsync(Encoding.ASCII.GetBytes(text.ToString()), SocketFlags.None, _stop.Token);
                }
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // the service went away, or the test ended
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Dispose();
            await _loop;
            _stop.Dispose();
        }
    }
}
