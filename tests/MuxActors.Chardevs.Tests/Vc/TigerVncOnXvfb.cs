using System.Diagnostics;

namespace MuxActors.Chardevs.Tests.Vc;

// TestSupport.* is MuxActors.TestSupport, named without a using: the guest tests link this file into a project that
// imports that namespace globally, where a using would be an unnecessary one (IDE0005).

/// <summary>
/// A person at a VNC viewer: xtigervncviewer on a private Xvfb display, its window typed into with xdotool. Shared by
/// the vc tests and the QEMU guest tests (linked into both projects).
/// </summary>
internal sealed class TigerVncOnXvfb : IAsyncDisposable
{
    /// <summary>The programs it runs, for the skip attributes.</summary>
    public static readonly string[] Tools = ["Xvfb", "xtigervncviewer", "xdotool"];

    // The viewer's window title is the server's desktop name, which names MuxActors.
    private const string WindowName = "MuxActors";

    private readonly Process _xvfb;
    private readonly Process _viewer;
    private readonly Task<string> _viewerOutput;

    private TigerVncOnXvfb(Process xvfb, Process viewer, string display)
    {
        _xvfb = xvfb;
        _viewer = viewer;
        Display = display;
        _viewerOutput = ReadAllAsync(viewer);
    }

    /// <summary>The X display the viewer runs on (":N").</summary>
    public string Display { get; }

    /// <summary>Starts Xvfb, then the viewer on it connecting to <c>127.0.0.1</c> port <paramref name="port"/>.</summary>
    public static async Task<TigerVncOnXvfb> StartAsync(int port)
    {
        var xvfb = Start("Xvfb", null, "-displayfd", "1", "-nolisten", "tcp", "-screen", "0", "1024x768x24");
        var xvfbErrors = xvfb.StandardError.ReadToEndAsync();
        try
        {
            // -displayfd: Xvfb picks a free display and prints its number once it accepts clients.
            string? number = await xvfb.StandardOutput.ReadLineAsync().WaitAsync(TestSupport.TestTimeouts.Dilated(TimeSpan.FromSeconds(20)));
            if (number is null)
                throw new TestSupport.WaitFailedException("Xvfb did not start: " + await xvfbErrors);
            string display = ":" + number.Trim();
            return new TigerVncOnXvfb(xvfb, Start("xtigervncviewer", display, $"127.0.0.1::{port}"), display);
        }
        catch
        {
            await StopAsync(xvfb);
            throw;
        }
    }

    /// <summary>Types <paramref name="text"/> into the viewer's window (xdotool waits for the window to appear).</summary>
    public Task TypeAsync(string text) => XdotoolAsync("search", "--sync", "--name", WindowName, "windowfocus", "--sync", "%1", "type", "--delay", "30", text);

    /// <summary>Presses one key by its X name (<c>Return</c>, <c>ctrl+c</c>) in the viewer's window.</summary>
    public Task KeyAsync(string key) => XdotoolAsync("search", "--sync", "--name", WindowName, "windowfocus", "--sync", "%1", "key", key);

    private async Task XdotoolAsync(params string[] args)
    {
        var (code, output) = await ViewerTools.RunOnDisplayAsync(Display, "xdotool", args);
        if (code != 0)
        {
            string viewer = _viewer.HasExited ? $"; xtigervncviewer exited ({_viewer.ExitCode}): {await _viewerOutput}" : "";
            throw new TestSupport.WaitFailedException($"xdotool {string.Join(' ', args)} failed ({code}): {output}{viewer}");
        }
    }

    private static Process Start(string file, string? display, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (display is not null)
        {
            start.ArgumentList.Add("-display");
            start.ArgumentList.Add(display);
        }
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        return Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
    }

    private static async Task<string> ReadAllAsync(Process process)
    {
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        return await output + await errors;
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(_viewer);
        await StopAsync(_xvfb);
    }
}
