using System.Diagnostics;

namespace MuxActors.Service.Tests.Guest;

/// <summary>
/// A tiny initramfs built at test time: busybox-static, the kernel's virtio modules (they are modules in Debian's
/// kernels), and an init that runs a shell on the console named by <c>muxcon=</c> on the kernel command line.
/// </summary>
internal static class GuestInitramfs
{
    // In load order: virtio_console and virtio_pci need virtio and virtio_ring; virtio_pci also the two device helpers.
    private static readonly string[] s_modules =
    [
        "drivers/virtio/virtio_ring", "drivers/virtio/virtio", "drivers/virtio/virtio_pci_modern_dev",
        "drivers/virtio/virtio_pci_legacy_dev", "drivers/virtio/virtio_pci", "drivers/char/virtio_console",
    ];

    // "guest-ready" marks the end of the boot; the shell's prompt follows once it reads the console. The loop
    // restarts the shell if it ever exits.
    private const string Init = """
        #!/bin/busybox sh
        /bin/busybox --install -s /bin
        mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
        for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_console; do insmod /lib/modules/$m.ko; done
        con=$(sed -n 's/.*muxcon=\([A-Za-z0-9]*\).*/\1/p' /proc/cmdline)
        while [ ! -e /dev/$con ]; do sleep 0.1; done
        echo guest-ready > /dev/$con
        while true; do setsid sh -c "exec sh </dev/$con >/dev/$con 2>&1"; done

        """;

    /// <summary>
    /// Whether <paramref name="received"/> (what a client of the console read) shows the shell's prompt after the
    /// boot's marker: the shell has the console open then (a serial port drops what arrives while nobody has it open).
    /// </summary>
    public static bool ShowsPrompt(string received) =>
        received.IndexOf("guest-ready", StringComparison.Ordinal) is >= 0 and var ready
        && received.IndexOf("/ # ", ready, StringComparison.Ordinal) > ready;

    /// <summary>Writes the initramfs into <paramref name="directory"/> and returns its path.</summary>
    public static async Task<string> BuildAsync(string directory)
    {
        var root = Path.Combine(directory, "initramfs");
        foreach (var sub in new[] { "bin", "dev", "proc", "sys", "lib/modules" })
            Directory.CreateDirectory(Path.Combine(root, sub));
        File.Copy(GuestKernel.Busybox, Path.Combine(root, "bin", "busybox"));
        foreach (var module in s_modules)
            File.Copy(Path.Combine(GuestKernel.Modules, module + ".ko"), Path.Combine(root, "lib", "modules", Path.GetFileName(module) + ".ko"));
        var init = Path.Combine(root, "init");
        await File.WriteAllTextAsync(init, Init.Replace("\r", "", StringComparison.Ordinal));
        File.SetUnixFileMode(init, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var image = Path.Combine(directory, "initramfs.cpio");
        // busybox's own find and cpio: the image needs nothing the host may lack.
        var pack = new ProcessStartInfo(GuestKernel.Busybox, ["sh", "-c", $"cd '{root}' && busybox find . | busybox cpio -o -H newc > '{image}'"])
        {
            RedirectStandardError = true,
        };
        using var process = Process.Start(pack)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0 && File.Exists(image), "building the initramfs failed: " + error);
        return image;
    }
}
