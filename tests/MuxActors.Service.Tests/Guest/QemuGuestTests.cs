using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MuxActors.Chardevs.Tests.Vc;
using MuxActors.Vnc.Fonts;
using Xunit.Abstractions;

namespace MuxActors.Service.Tests.Guest;

/// <summary>
/// The mux-be example's QEMU command line through <c>muxactors from-qemu</c>, then a real guest (TCG, a Debian kernel,
/// a busybox initramfs) started with the printed QEMU arguments and the real service with the printed configuration:
/// a client of the socket backend types into the guest's shell and reads its answer. The example's <c>vc</c> is kept
/// (on a port the system picks); on hvc0, the issue's picture, its VNC screen must show the answer too.
/// </summary>
[Collection(QemuGuestCollection.Name)]
public sealed partial class QemuGuestTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);
    private readonly string _dir = Directory.CreateTempSubdirectory("muxactors-guest-").FullName;

    [QemuGuestFact]
    public Task Serial_console_ttyS0_answers_through_the_mux() =>
        TypeIntoGuestAsync("ttyS0", ["-serial", "chardev:mux0"], readVnc: false);

    [QemuGuestFact(captureVnc: true)]
    public Task Virtio_console_hvc0_answers_through_the_mux_and_shows_on_the_vc() =>
        TypeIntoGuestAsync("hvc0", ["-device", "virtio-serial-pci", "-device", "virtconsole,chardev=mux0"], readVnc: true);

    private async Task TypeIntoGuestAsync(string console, string[] device, bool readVnc)
    {
        var clock = Stopwatch.StartNew();
        var initramfs = await GuestInitramfs.BuildAsync(_dir);
        string[] line =
        [
            GuestKernel.Qemu, "-accel", "tcg", "-m", "256", "-nodefaults", "-display", "none", "-no-reboot",
            "-kernel", GuestKernel.Image!, "-initrd", initramfs, "-append", $"quiet panic=-1 muxcon={console}",
            "-chardev", "mux-be,id=mux0",
            "-chardev", $"socket,path={_dir}/sock,server=on,wait=off,id=sock0,mux-be-id=mux0",
            "-chardev", "vc,id=vc0,mux-be-id=mux0,listen=127.0.0.1:0", // listen= is our extension: a port nobody else has
            .. device,
        ];
        var config = Path.Combine(_dir, "vm.conf");
        string qemuArguments;
        await using (var convert = ServiceProcess.Start(_dir, null, ["from-qemu", "--socket-dir", _dir, "--hocon", config, "--", .. line]))
        {
            Assert.True(await convert.WaitForExitAsync() == 0, convert.Output);
            qemuArguments = convert.Lines.ElementAt(1); // after the comment line, as a user would copy it
        }
        Assert.DoesNotContain("mux-be", qemuArguments, StringComparison.Ordinal);

        await using var service = ServiceProcess.Start(_dir, null, "--config", config);
        await service.WaitForLineAsync("MuxActors ready: 1 mux");
        var vncPort = int.Parse(VncPort().Match(await service.WaitForLineAsync(VncPort().ToString())).Groups[1].Value, CultureInfo.InvariantCulture);
        await using var client = await UnixClient.ConnectAsync(Path.Combine(_dir, "sock"));
        await service.WaitForLineAsync("Mux mux0: sock0 attached");

        // The printed arguments, run by a shell exactly as printed.
        using var qemu = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "exec " + qemuArguments])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
        })!;
        var qemuErrors = qemu.StandardError.ReadToEndAsync();
        try
        {
            await service.WaitForLineAsync("Mux mux0: console mux0-console connected", BootTimeout);
            // The shell's prompt after the boot's marker: the shell has the console open (a serial port drops what
            // arrives while nobody has it open).
            await client.WaitUntilAsync(c => c.Received.IndexOf("guest-ready", StringComparison.Ordinal) is >= 0 and var ready
                && c.Received.IndexOf("/ # ", ready, StringComparison.Ordinal) > ready, "the guest's shell prompt", BootTimeout);
            var booted = clock.Elapsed;
            await client.SendAsync("echo hello-$((6*7))\n");
            await client.WaitUntilAsync(c => c.Received.Contains("hello-42", StringComparison.Ordinal), "hello-42 from the guest", TimeSpan.FromSeconds(30));
            output.WriteLine($"{console}: guest ready after {booted.TotalSeconds:F1} s, answered after {clock.Elapsed.TotalSeconds:F1} s");
            if (readVnc)
            {
                var screen = await CaptureUntilAsync(vncPort, s => Enumerable.Range(0, s.Height / 16).Any(row => s.TextOf(row) == "hello-42"));
                output.WriteLine($"{console}: hello-42 on the vc's screen (port {vncPort}) after {clock.Elapsed.TotalSeconds:F1} s");
                Assert.Equal((640, 384), (screen.Width, screen.Height)); // the vc's default 80x24 cells of 8x16
            }
        }
        catch (TimeoutException ex)
        {
            if (!qemu.HasExited)
                qemu.Kill();
            throw new TimeoutException($"{ex.Message}\nqemu: {await qemuErrors}\nservice:\n{service.Output}", ex);
        }
        finally
        {
            if (!qemu.HasExited)
                qemu.Kill();
            await qemu.WaitForExitAsync();
        }
        service.Signal("TERM");
        Assert.Equal(0, await service.WaitForExitAsync());
    }

    /// <summary>Captures the vc's screen with gvnccapture until <paramref name="shows"/> holds (the vc draws what the mux gives it a moment later).</summary>
    private async Task<ScreenPicture> CaptureUntilAsync(int port, Func<ScreenPicture, bool> shows)
    {
        var font = FontLocator.Load(null);
        var deadline = Stopwatch.StartNew();
        for (var n = 0; ; n++)
        {
            var screen = ScreenPicture.Load(await GvncCaptureAsync(port, Path.Combine(_dir, $"vc{n}.png")), font);
            if (shows(screen))
                return screen;
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                var rows = Enumerable.Range(0, screen.Height / font.Height).Select(screen.TextOf);
                throw new TimeoutException($"the vc's screen does not show hello-42 after {n + 1} captures:\n{string.Join('\n', rows)}");
            }
        }
    }

    /// <summary>One gvnccapture (gtk-vnc) of the screen into a PNG; it takes a display number, the port less 5900.</summary>
    private static async Task<string> GvncCaptureAsync(int port, string png)
    {
        using var capture = Process.Start(new ProcessStartInfo("gvnccapture", ["--quiet", $"127.0.0.1:{port - 5900}", png])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var errors = capture.StandardError.ReadToEndAsync();
        var printed = capture.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await capture.WaitForExitAsync(deadline.Token);
        return capture.ExitCode == 0 ? png : throw new InvalidOperationException($"gvnccapture failed ({capture.ExitCode}): {await printed}{await errors}");
    }

    [GeneratedRegex(@"vc vc0: VNC on 127\.0\.0\.1:([0-9]+)")]
    private static partial Regex VncPort();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>The guests run alone: TCG takes a whole core, which would slow the timing-sensitive tests beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QemuGuestCollection
{
    public const string Name = "qemu guest";
}
