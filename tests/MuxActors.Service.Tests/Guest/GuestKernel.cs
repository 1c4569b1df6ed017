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

    /// <summary>Why the guest's vc can't be read here (the console font, and gvnccapture when asked), or null.</summary>
    public static string? MissingForVnc(bool capture)
    {
        var missing = new List<string>();
        if (!FontLocator.SearchFolders.Any(f => File.Exists(Path.Combine(f, FontLocator.DefaultFontName))))
            missing.Add($"no {FontLocator.DefaultFontName} for the vc (apt-get install console-setup-linux)");
        if (capture && FindOnPath("gvnccapture") is null)
            missing.Add("gvnccapture not installed (apt-get install gvncviewer)");
        return missing.Count == 0 ? null : string.Join("; ", missing);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}

/// <summary>A fact that reports skipped, saying what is missing, when a QEMU guest can't be started.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class QemuGuestFactAttribute : FactAttribute
{
    /// <param name="captureVnc">The test also captures the vc's screen with gvnccapture.</param>
    public QemuGuestFactAttribute(bool captureVnc = false)
    {
        // Every guest line keeps the mux-be example's vc, so the service needs the font.
        if (string.Join("; ", new[] { GuestKernel.Missing(), GuestKernel.MissingForVnc(captureVnc) }.OfType<string>()) is { Length: > 0 } missing)
            Skip = missing;
    }
}
