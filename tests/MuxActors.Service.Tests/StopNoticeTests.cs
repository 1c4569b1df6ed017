namespace MuxActors.Service.Tests;

/// <summary>
/// SIGTERM while the console floods: the service stops reading the console, lets the log and every lossless client
/// catch up, and only then writes the notice, so the notice is last everywhere and the log ends like the client.
/// </summary>
public sealed class StopNoticeTests() : ConsoleVmTests<FloodVm>("muxactors-stop-", path => new FloodVm(path))
{
    private const string Notice = "\r\n[muxactors: the service is stopping]\r\n";

    private string Run(string file) => Path.Combine(Dir, "run", file);

    [Fact]
    public async Task The_notice_comes_after_everything_read_and_the_log_ends_like_a_lossless_client()
    {
        var config = Path.Combine(Dir, "t.conf");
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
        await using var service = ServiceProcess.Start(Dir, null, "--config", config);
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
}
