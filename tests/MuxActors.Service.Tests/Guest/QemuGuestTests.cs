using System.Diagnostics;
using Xunit.Abstractions;

namespace MuxActors.Service.Tests.Guest;

/// <summary>
/// The mux-be example's QEMU command line through <c>muxactors from-qemu</c>, then a real guest (TCG, a Debian kernel,
/// a busybox initramfs) started with the printed QEMU arguments and the real service with the printed configuration:
/// a client of the socket backend types into the guest's shell and reads its answer.
/// </summary>
[Collection(QemuGuestCollection.Name)]
public sealed class QemuGuestTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);
    private readonly string _dir = Directory.CreateTempSubdirectory("muxactors-guest-").FullName;

    [QemuGuestFact]
    public Task Serial_console_ttyS0_answers_through_the_mux() =>
        TypeIntoGuestAsync("ttyS0", ["-serial", "chardev:mux0"]);

    [QemuGuestFact]
    public Task Virtio_console_hvc0_answers_through_the_mux() =>
        TypeIntoGuestAsync("hvc0", ["-device", "virtio-serial-pci", "-device", "virtconsole,chardev=mux0"]);

    private async Task TypeIntoGuestAsync(string console, string[] device)
    {
        var clock = Stopwatch.StartNew();
        var initramfs = await GuestInitramfs.BuildAsync(_dir);
        string[] line =
        [
            GuestKernel.Qemu, "-accel", "tcg", "-m", "256", "-nodefaults", "-display", "none", "-no-reboot",
            "-kernel", GuestKernel.Image!, "-initrd", initramfs, "-append", $"quiet panic=-1 muxcon={console}",
            "-chardev", "mux-be,id=mux0",
            "-chardev", $"socket,path={_dir}/sock,server=on,wait=off,id=sock0,mux-be-id=mux0",
            "-chardev", "vc,id=vc0,mux-be-id=mux0",
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
