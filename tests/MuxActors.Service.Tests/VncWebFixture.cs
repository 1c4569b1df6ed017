using System.Text.RegularExpressions;
using MuxActors.Vnc.Fonts;

namespace MuxActors.Service.Tests;

/// <summary>
/// The real service with a shell console (/bin/sh under a pty) shared by a unix socket and vc consoles served on one
/// HTTP listener (noVNC pages at <c>/vc0/</c>, <c>/one/</c> and <c>/webonly/</c>): <c>vc0</c> and <c>one</c> (max-clients 1)
/// also listen over TCP, <c>webonly</c> does not. Nothing starts when the console font is missing. One per test class.
/// </summary>
public sealed partial class VncWebFixture : IAsyncLifetime
{
    /// <summary>Why the vc cannot run here (no console font), or <c>null</c>.</summary>
    public static string? Unavailable { get; } =
        FontLocator.SearchFolders.Any(f => File.Exists(Path.Combine(f, FontLocator.DefaultFontName)))
            ? null : "needs console-setup-linux (apt-get install console-setup-linux): the vc's font";

    public string Dir { get; } = Directory.CreateTempSubdirectory("muxactors-vncweb-").FullName;

    public ServiceProcess Service { get; private set; } = null!;

    /// <summary>http://127.0.0.1:PORT/ of the shared listener.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The TCP port of <c>one</c> (max-clients 1).</summary>
    public int OnePort { get; private set; }

    public string SocketPath => Path.Combine(Dir, "sock");

    public async Task InitializeAsync()
    {
        if (Unavailable is not null)
            return;
        var config = Path.Combine(Dir, "vnc.conf");
        await File.WriteAllTextAsync(config, """
            muxactors {
              management.listen = off
              muxes.sh {
                frontend { type = exec, command = ["/bin/sh"], env { PS1 = "$ ", TERM = linux } }
                backends {
                  vc0     { type = vc, listen = "127.0.0.1:0", web = "127.0.0.1:0" }
                  one     { type = vc, listen = "127.0.0.1:0", web = "127.0.0.1:0", max-clients = 1 }
                  webonly { type = vc, web = "127.0.0.1:0" }
                  sock    { type = unix-server, path = "sock" }
                }
              }
            }
            """);
        Service = ServiceProcess.Start(Dir, null, "--config", config);
        var line = await Service.WaitForLineAsync(@"Web terminal listening on http://127\.0\.0\.1:\d+/");
        BaseUrl = new Uri(ListeningUrl().Match(line).Value);
        OnePort = int.Parse(OneListening().Match(await Service.WaitForLineAsync(OneListening().ToString())).Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        // Every page is served once each vc logged its URL.
        await Service.WaitForCountAsync("noVNC at http://", 3);
    }

    public async Task DisposeAsync()
    {
        if (Service is not null)
            await Service.DisposeAsync();
        Directory.Delete(Dir, recursive: true);
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/")]
    private static partial Regex ListeningUrl();

    [GeneratedRegex(@"vc ""?one""?: VNC on 127\.0\.0\.1:(\d+)")]
    private static partial Regex OneListening();
}

/// <summary>A fact that reports skipped, naming the package, when the vc's console font is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class VncWebFactAttribute : FactAttribute
{
    public VncWebFactAttribute()
    {
        if (VncWebFixture.Unavailable is { } why)
            Skip = why;
    }
}
