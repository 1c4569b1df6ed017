using System.Text.RegularExpressions;

namespace MuxActors.Service.Tests;

/// <summary>
/// The real service with a shell console (/bin/sh under a pty) shared by three web backends on one listener
/// (<c>/</c>, read-only <c>/ro/</c>, token <c>/tok/</c>, one page at most <c>/one/</c>, disconnect <c>/slow/</c>), a unix socket and a log file. One per test class.
/// </summary>
public sealed partial class WebTerminalFixture : IAsyncLifetime
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("muxactors-web-").FullName;

    /// <summary>The token of <c>/tok/</c>, from the environment through <c>${?WEB_TEST_TOKEN}</c>.</summary>
    public string Token { get; } = "t" + Guid.NewGuid().ToString("N");

    public ServiceProcess Service { get; private set; } = null!;

    /// <summary>http://127.0.0.1:PORT/ of the shared listener.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public string SocketPath => Path.Combine(Dir, "sock");

    public string LogPath => Path.Combine(Dir, "out.log");

    public string LogText => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

    public async Task InitializeAsync()
    {
        var config = Path.Combine(Dir, "web.conf");
        await File.WriteAllTextAsync(config, """
            muxactors {
              management.listen = off
              muxes.sh {
                frontend { type = exec, command = ["/bin/sh"], env { PS1 = "$ ", TERM = xterm-256color } }
                backends {
                  web  { type = web, listen = "127.0.0.1:0" }
                  ro   { type = web, listen = "127.0.0.1:0", path = "/ro/", read-only = on }
                  tok  { type = web, listen = "127.0.0.1:0", path = "/tok/", token = ${?WEB_TEST_TOKEN} }
                  one  { type = web, listen = "127.0.0.1:0", path = "/one/", max-clients = 1 }
                  slow { type = web, listen = "127.0.0.1:0", path = "/slow/", on-overflow = disconnect, stall-timeout = 1s }
                  sock { type = unix-server, path = "sock" }
                  log  { type = file, path = "out.log" }
                }
              }
            }
            """);
        Service = ServiceProcess.Start(Dir, new Dictionary<string, string> { ["WEB_TEST_TOKEN"] = Token }, "--config", config);
        var line = await Service.WaitForLineAsync(@"Web terminal listening on http://127\.0\.0\.1:\d+/");
        BaseUrl = new Uri(ListeningUrl().Match(line).Value);
        // Every web backend serves pages once each one logged its URL.
        await Service.WaitForCountAsync("serving the console at", 5);
    }

    public async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        Directory.Delete(Dir, recursive: true);
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/")]
    private static partial Regex ListeningUrl();
}
