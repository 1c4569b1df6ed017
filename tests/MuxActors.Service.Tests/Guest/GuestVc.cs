using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MuxActors.Chardevs.Tests.Vc;
using MuxActors.Vnc.Fonts;

namespace MuxActors.Service.Tests.Guest;

/// <summary>The example's vc as the guest tests read it: its port from the service's log, its screen by gvnccapture.</summary>
internal sealed partial class GuestVc
{
    private static readonly Lazy<PsfFont> s_font = new(() => FontLocator.Load(null));
    private readonly string _directory;
    private int _captures;

    private GuestVc(string directory, int port) => (_directory, Port) = (directory, port);

    /// <summary>The port the vc listens on (the example's, or the one the system picked for <c>127.0.0.1:0</c>).</summary>
    public int Port { get; }

    /// <summary>Reads the vc's port from the service's start-up log; captures go into <paramref name="directory"/>.</summary>
    public static async Task<GuestVc> FindAsync(ServiceProcess service, string directory)
    {
        string line = await service.WaitForLineAsync(VncPort().ToString());
        return new GuestVc(directory, int.Parse(VncPort().Match(line).Groups[1].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Captures the screen until one of its rows reads exactly <paramref name="text"/> (the vc draws what the mux
    /// gives it a moment after a socket client read it).
    /// </summary>
    public async Task<ScreenPicture> CaptureUntilRowAsync(string text)
    {
        var font = s_font.Value;
        var clock = Stopwatch.StartNew();
        for (int n = 1; ; n++)
        {
            string png = await ViewerTools.GvncCaptureAsync(Port, Path.Combine(_directory, $"vc{++_captures}.png"));
            var screen = ScreenPicture.Load(png, font);
            var rows = Enumerable.Range(0, screen.Height / font.Height).Select(screen.TextOf).ToList();
            if (rows.Contains(text))
                return screen;
            if (clock.Elapsed > TestTimeouts.Dilated(TimeSpan.FromSeconds(30)))
                throw new TimeoutException($"the vc's screen does not show {text} after {n} captures:\n{string.Join('\n', rows)}");
        }
    }

    [GeneratedRegex(@"vc vc0: VNC on 127\.0\.0\.1:([0-9]+)")]
    private static partial Regex VncPort();
}
