using System.Diagnostics;
using Xunit.Abstractions;

namespace MuxActors.Service.Tests.Guest;

/// <summary>
/// The mux-be example's QEMU command line through <c>muxactors from-qemu</c>, then a real guest (TCG, a Debian kernel,
/// a busybox initramfs) started with the printed QEMU arguments and the real service with the printed configuration:
/// a client of the socket backend types into the guest's shell and reads its answer. The example's <c>vc</c> is kept
/// (on a port the system picks); on hvc0, the picture, its VNC screen must show the answer too.
/// </summary>
[Collection(QemuGuestCollection.Name)]
public sealed class QemuGuestTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan BootTimeout = TestTimeouts.Dilated(TimeSpan.FromSeconds(120));
    private readonly string _dir = Directory.CreateTempSubdirectory("muxactors-guest-").FullName;

    [QemuGuestFact]
    public Task Serial_console_ttyS0_answers_through_the_mux() =>
        TypeIntoGuestAsync("ttyS0", ["-serial", "chardev:mux0"], readVnc: false);

    [QemuGuestFact("gvnccapture")]
    public Task Virtio_console_hvc0_answers_through_the_mux_and_shows_on_the_vc() =>
        TypeIntoGuestAsync("hvc0", ["-device", "virtio-serial-pci", "-device", "virtconsole,chardev=mux0"], readVnc: true);

    private async Task TypeIntoGuestAsync(string console, string[] device, bool readVnc)
    {
        var clock = Stopwatch.StartNew();
        var initramfs = await GuestInitramfs.BuildAsync(_dir);
        string[] line =
        [
            .. GuestKernel.Machine(initramfs, console),
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
        var vc = await GuestVc.FindAsync(service, _dir);
        await using var client = await UnixClient.ConnectAsync(Path.Combine(_dir, "sock"));
        await service.WaitForLineAsync("Mux mux0: sock0 attached");

        // The printed arguments, run by a shell exactly as printed.
        await using (var qemu = GuestProcess.Start(["/bin/sh", "-c", "exec " + qemuArguments]))
        {
            try
            {
                await service.WaitForLineAsync("Mux mux0: console mux0-console connected", BootTimeout);
                await client.WaitUntilAsync(c => GuestInitramfs.ShowsPrompt(c.Received), "the guest's shell prompt", BootTimeout);
                var booted = clock.Elapsed;
                await client.SendAsync("echo hello-$((6*7))\n");
                await client.WaitUntilAsync(c => c.Received.Contains("hello-42", StringComparison.Ordinal), "hello-42 from the guest", TimeSpan.FromSeconds(30));
                output.WriteLine($"{console}: guest ready after {booted.TotalSeconds:F1} s, answered after {clock.Elapsed.TotalSeconds:F1} s");
                if (readVnc)
                {
                    var screen = await vc.CaptureUntilRowAsync("hello-42");
                    output.WriteLine($"{console}: hello-42 on the vc's screen (port {vc.Port}) after {clock.Elapsed.TotalSeconds:F1} s");
                    Assert.Equal((640, 384), (screen.Width, screen.Height)); // the vc's default 80x24 cells of 8x16
                }
            }
            catch (Exception ex) when (ex is TimeoutException or WaitFailedException)
            {
                throw new TimeoutException($"{ex.Message}\nqemu: {await qemu.StopAsync()}\nservice:\n{service.Output}", ex);
            }
        }
        service.Signal("TERM");
        Assert.Equal(0, await service.WaitForExitAsync());
    }

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
