namespace MuxActors.Service.Tests;

/// <summary>
/// A console whose only screen model is a read-only web backend: that backend answers the guest's terminal queries
/// (its viewers' keys are ignored, its screen's answers are not). The guest used to wait for ever.
/// </summary>
public sealed class WebTerminalQueryTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("muxactors-webquery-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_read_only_web_backend_answers_the_guests_position_query()
    {
        var config = Path.Combine(_dir, "t.conf");
        await File.WriteAllTextAsync(config, """
            muxactors {
              management.listen = off
              muxes.sh {
                frontend { type = exec, command = ["/bin/sh"], env { PS1 = "$ " } }
                backends {
                  ro   { type = web, listen = "127.0.0.1:0", read-only = on }
                  sock { type = unix-server, path = "sock" }
                }
              }
            }
            """);
        await using var service = ServiceProcess.Start(_dir, null, "--config", config);
        await service.WaitForLineAsync("serving the console at"); // the web backend's port is open: it is the answerer

        await using var socket = await UnixClient.ConnectAsync(Path.Combine(_dir, "sock"));
        // Raw mode, the question, then the answer read byte by byte up to its final R (the ESC taken out).
        await socket.SendAsync("stty raw -echo; printf '\\033[6n'; s=; until [ \"${s%R}\" != \"$s\" ]; do s=$s$(dd bs=1 count=1 2>/dev/null); done; stty sane; echo answer$s | tr -d '\\033'\n");
        await socket.WaitUntilAsync(c => System.Text.RegularExpressions.Regex.IsMatch(c.Received, @"answer\[\d+;\d+R"),
            "the position answer from the read-only backend's screen");
    }
}
