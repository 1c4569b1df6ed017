using MuxActors.Chardevs.Tests.Vc;
using MuxActors.Vnc.Fonts;

namespace MuxActors.Service.Tests.Guest;

/// <summary>
/// What a real QEMU guest needs: qemu-system-x86_64, busybox-static and a Debian kernel package extracted with
/// <c>dpkg-deb -x</c> (by .ci/run) into <c>$MUXACTORS_KERNEL_DIR</c>, else <c>~/.cache/muxactors/kernel</c>.
/// </summary>
internal static class GuestKernel
{
    public const string Qemu = "qemu-system-x86_64";
    public const string Busybox = "/bin/busybox";

    public static string Directory =>
        Environment.GetEnvironmentVariable("MUXACTORS_KERNEL_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "muxactors", "kernel");

    /// <summary>The kernel image, or null when none was extracted.</summary>
    public static string? Image =>
        System.IO.Directory.Exists(Path.Combine(Directory, "boot"))
            ? System.IO.Directory.GetFiles(Path.Combine(Directory, "boot"), "vmlinuz-*").Order(StringComparer.Ordinal).LastOrDefault()
            : null;

    /// <summary>The image's module tree (<c>lib/modules/VERSION/kernel</c>, VERSION from <c>boot/vmlinuz-VERSION</c>).</summary>
    public static string Modules =>
        Path.Combine(Directory, "lib", "modules", Path.GetFileName(Image!)["vmlinuz-".Length..], "kernel");

    /// <summary>Why a guest can't be started here, or null when it can.</summary>
    public static string? Missing()
    {
        var missing = new List<string>();
        if (FindOnPath(Qemu) is null)
            missing.Add($"{Qemu} not installed (apt-get install qemu-system-x86)");
        if (!File.Exists(Busybox))
            missing.Add($"{Busybox} not installed (apt-get install busybox-static)");
        if (Image is null)
            missing.Add($"no guest kernel in {Directory} (.ci/run extracts linux-image-cloud-amd64 there)");
        return missing.Count == 0 ? null : string.Join("; ", missing);
    }

    /// <summary>
    /// Why the example's vc and the programs named can't be used here (the console font, and each program, named by
    /// its Debian package), or null.
    /// </summary>
    public static string? MissingFontOrTools(IEnumerable<string> tools)
    {
        var missing = new List<string>();
        if (!FontLocator.SearchFolders.Any(f => File.Exists(Path.Combine(f, FontLocator.DefaultFontName))))
            missing.Add($"no {FontLocator.DefaultFontName} for the vc (apt-get install console-setup-linux)");
        missing.AddRange(tools.Where(t => FindOnPath(t) is null).Select(t => $"{t} not installed (apt-get install {ViewerTools.PackageOf(t)})"));
        return missing.Count == 0 ? null : string.Join("; ", missing);
    }

    /// <summary>
    /// The start of every guest's QEMU line: TCG, no default devices, the kernel and <paramref name="initramfs"/>,
    /// whose init runs a shell on <paramref name="console"/>. The test adds the chardevs and devices.
    /// </summary>
    public static string[] Machine(string initramfs, string console) =>
    [
        Qemu, "-accel", "tcg", "-m", "256", "-nodefaults", "-display", "none", "-no-reboot",
        "-kernel", Image!, "-initrd", initramfs, "-append", $"quiet panic=-1 muxcon={console}",
    ];

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}

/// <summary>A fact that reports skipped, saying what is missing, when a QEMU guest can't be started.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class QemuGuestFactAttribute : FactAttribute
{
    /// <param name="tools">The programs the test runs besides QEMU (gvnccapture, socat, the viewer's).</param>
    public QemuGuestFactAttribute(params string[] tools)
    {
        // Every guest line keeps the mux-be example's vc, so the service needs the font.
        if (string.Join("; ", new[] { GuestKernel.Missing(), GuestKernel.MissingFontOrTools(tools) }.OfType<string>()) is { Length: > 0 } missing)
            Skip = missing;
    }
}
