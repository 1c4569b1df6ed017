using MuxActors.Hocon;

namespace MuxActors.Core.Config.Qemu;

/// <summary>
/// Where a QEMU option string was written: an element of <c>muxactors.qemu.chardevs</c> (a file position and key
/// path), or a <c>--chardev</c> argument (no position). Errors about it are reported there, naming the string.
/// </summary>
/// <param name="Text">The option string.</param>
/// <param name="Element">The HOCON array element it was read from; <c>null</c> for the command line.</param>
/// <param name="KeyPath">The element's key path (<c>muxactors.qemu.chardevs.0</c>); <c>null</c> for the command line.</param>
public sealed record QemuSource(string Text, HoconOrigin? Element, string? KeyPath)
{
    /// <summary>A <c>--chardev</c> argument.</summary>
    public static QemuSource CommandLine(string text) => new(text, null, null);

    /// <summary>How the source is named in messages: <c>--chardev 'OPTS'</c>, or <c>'OPTS'</c> in a file.</summary>
    public string Label => Element is null ? $"--chardev '{Text}'" : $"'{Text}'";

    /// <summary>
    /// The origin name given to the HOCON generated from this string, so an error found in it later can be traced back
    /// here. In a file it keeps the file's path first, so relative paths resolve against the file's folder; on the
    /// command line it is not a path, so they resolve against the current directory.
    /// </summary>
    public string GeneratedOriginName => Element?.File is { } file ? $"{file} ({KeyPath})" : Label;

    /// <summary>An error about this string; QEMU's wording in <paramref name="message"/>.</summary>
    public ConfigError Error(string message) => Element is null
        ? new ConfigError(message, new HoconOrigin(Label, 0, 0), null)
        : new ConfigError($"{Label}: {message}", Element, KeyPath);

    /// <summary>An error found in the generated HOCON, moved to this string's position.</summary>
    public ConfigError Relocate(ConfigError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Element is null
            ? error with { Origin = new HoconOrigin(Label, 0, 0) }
            : new ConfigError($"{Label}: {error.Message}", Element, KeyPath);
    }
}
