using System.Text;
using MuxActors.Posix.Interop;

namespace MuxActors.Posix;

/// <summary>
/// A symlink published atomically: readers of the link path see either the old target or
/// the new one, never a missing link. Disposing removes the link only if it still points at
/// our target, so a newer publisher's link is left alone.
/// </summary>
public sealed unsafe class PublishedSymlink : IDisposable
{
    private bool _disposed;

    private PublishedSymlink(string linkPath, string target)
    {
        LinkPath = linkPath;
        Target = target;
    }

    /// <summary>The link's path.</summary>
    public string LinkPath { get; }

    /// <summary>What the link points at.</summary>
    public string Target { get; }

    /// <summary>
    /// Creates <c>linkPath.tmp</c> pointing at <paramref name="target"/> (replacing a stale
    /// one), then renames it over <paramref name="linkPath"/> (rename is atomic).
    /// </summary>
    /// <param name="linkPath">Where the link goes.</param>
    /// <param name="target">What it points at.</param>
    /// <returns>The published link.</returns>
    /// <exception cref="PosixException">symlink or rename failed; the message names the path.</exception>
    public static PublishedSymlink Publish(string linkPath, string target)
    {
        ArgumentException.ThrowIfNullOrEmpty(linkPath);
        ArgumentException.ThrowIfNullOrEmpty(target);
        string temporary = linkPath + ".tmp";
        Libc.Unlink(temporary); // a leftover from a crash; ENOENT is the normal case
        if (Libc.Symlink(target, temporary) < 0)
        {
            throw PosixException.FromLastError($"symlink to '{target}'", temporary);
        }
        if (Libc.Rename(temporary, linkPath) < 0)
        {
            var error = PosixException.FromLastError($"rename from '{temporary}'", linkPath);
            Libc.Unlink(temporary);
            throw error;
        }
        return new PublishedSymlink(linkPath, target);
    }

    /// <summary>The target of the symlink at <paramref name="path"/>, or null if it is missing or not a symlink.</summary>
    /// <param name="path">The link path.</param>
    /// <returns>The target or null.</returns>
    public static string? ReadLink(string path)
    {
        byte* buffer = stackalloc byte[4096];
        nint n = Libc.Readlink(path, buffer, 4096);
        return n < 0 ? null : Encoding.UTF8.GetString(buffer, (int)n);
    }

    /// <summary>Removes the link if it still points at <see cref="Target"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        // Not atomic (check, then unlink), but a racing publisher would have to replace the
        // link in that instant; the usual case is that a restart already published a new one.
        if (ReadLink(LinkPath) == Target)
        {
            Libc.Unlink(LinkPath);
        }
    }
}
