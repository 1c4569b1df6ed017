using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MuxActors.Chardevs.Pty;

/// <summary>The few inotify calls the pty watcher needs (the POSIX layer does not wrap inotify).</summary>
internal static partial class Inotify
{
    internal const int IN_NONBLOCK = 0x800;
    internal const int IN_CLOEXEC = 0x80000;
    internal const uint IN_CLOSE_WRITE = 0x8;
    internal const uint IN_CLOSE_NOWRITE = 0x10;
    internal const uint IN_OPEN = 0x20;
    internal const uint IN_Q_OVERFLOW = 0x4000;
    internal const uint IN_IGNORED = 0x8000;

    /// <summary>sizeof(struct inotify_event) without the name: int wd; uint32 mask, cookie, len.</summary>
    internal const int EventHeaderSize = 16;

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    internal static partial int Init(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int AddWatch(SafeFileHandle fd, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "inotify_rm_watch", SetLastError = true)]
    internal static partial int RemoveWatch(SafeFileHandle fd, int wd);
}
