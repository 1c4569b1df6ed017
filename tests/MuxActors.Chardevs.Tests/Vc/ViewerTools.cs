using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace MuxActors.Chardevs.Tests.Vc;

// TestSupport.* is MuxActors.TestSupport, named without a using: the guest tests link this file into a project that
// imports that namespace globally, where a using would be an unnecessary one (IDE0005).

/// <summary>Runs the real viewer programs the vc tests use.</summary>
internal static class ViewerTools
{
    private static readonly Dictionary<string, string> Packages = new()
    {
        ["gvnccapture"] = "gvncviewer", ["vncsnapshot"] = "vncsnapshot", ["xtigervncviewer"] = "tigervnc-viewer",
        ["Xvfb"] = "xvfb", ["xdotool"] = "xdotool", ["less"] = "less",
    };

    /// <summary>The Debian package that installs <paramref name="tool"/>, for the skip messages.</summary>
    public static string PackageOf(string tool) => Packages.GetValueOrDefault(tool, tool);

    /// <summary>Runs a program to its end (killed at the deadline); returns its exit code and everything it printed.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string file, params string[] args) => RunOnDisplayAsync(null, file, args);

    /// <summary>As <see cref="RunAsync(string, string[])"/>, on the X display <paramref name="display"/> when given.</summary>
    public static async Task<(int ExitCode, string Output)> RunOnDisplayAsync(string? display, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        if (display is not null)
            start.Environment["DISPLAY"] = display;
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TestSupport.TestTimeouts.Dilated(TimeSpan.FromSeconds(30)));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TestSupport.WaitFailedException($"{file} {string.Join(' ', args)} did not finish in time");
        }
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>Captures the screen with gvnccapture (gtk-vnc) into a PNG.</summary>
    public static async Task<string> GvncCaptureAsync(int port, string png)
    {
        // gvnccapture takes a display number: the port less 5900.
        var (code, output) = await RunAsync("gvnccapture", "--quiet", $"127.0.0.1:{port - 5900}", png);
        return code == 0 ? png : throw new TestSupport.WaitFailedException($"gvnccapture failed ({code}): {output}");
    }

    /// <summary>Captures the screen with vncsnapshot (RFB 3.3) into a JPEG; returns the exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> VncSnapshotAsync(int port, string jpg, params string[] options) =>
        RunAsync("vncsnapshot", [.. options, "-quality", "100", $"127.0.0.1::{port}", jpg]);

    /// <summary>A vncpasswd(1) file: the password DES-encrypted with the fixed key every VNC viewer knows.</summary>
    public static void WritePasswordFile(string path, string password)
    {
        byte[] block = new byte[8];
        Encoding.ASCII.GetBytes(password).AsSpan(0, Math.Min(8, password.Length)).CopyTo(block);
#pragma warning disable CA5351 // the file format is DES
        using var des = DES.Create();
        des.Key = [0xE8, 0x4A, 0xD6, 0x60, 0xC4, 0x72, 0x1A, 0xE0];
        File.WriteAllBytes(path, des.EncryptEcb(block, PaddingMode.None));
#pragma warning restore CA5351
    }
}
