using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace MuxActors.Chardevs.Sockets;

/// <summary>
/// What a unix-server needs to know about its socket file: whether a path is a socket, whether a process still
/// listens on it, and which inode it is (so that only our own socket file is removed at stop). Uses statx(2),
/// whose buffer layout is the same on every Linux architecture.
/// </summary>
internal static unsafe partial class UnixSocketFile
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxIno = 0x100;
    private const int StatxSize = 256;
    private const int ModeOffset = 28, InodeOffset = 32, DevMajorOffset = 136, DevMinorOffset = 140;
    private const int FileTypeMask = 0xF000, SocketFileType = 0xC000;
    private const int ENOENT = 2;

    /// <summary>Identity of a file: device and inode, plus whether it is a socket.</summary>
    public readonly record struct Identity(ulong Device, ulong Inode, bool IsSocket);

    /// <summary>The identity of the file at <paramref name="path"/> (not following a symlink), or <c>null</c> if there is none.</summary>
    public static Identity? Identify(string path)
    {
        var buffer = stackalloc byte[StatxSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxIno, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == ENOENT ? null : throw new IOException($"can't inspect {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        var mode = *(ushort*)(buffer + ModeOffset);
        var inode = *(ulong*)(buffer + InodeOffset);
        var device = ((ulong)*(uint*)(buffer + DevMajorOffset) << 32) | *(uint*)(buffer + DevMinorOffset);
        return new Identity(device, inode, (mode & FileTypeMask) == SocketFileType);
    }

    /// <summary>
    /// Makes <paramref name="path"/> free for binding: nothing there is fine; a socket nobody listens on (left by a
    /// crash) is deleted; a socket some process accepts on, or any other kind of file, is an error.
    /// </summary>
    /// <returns>Whether a stale socket file was removed.</returns>
    public static bool RemoveIfStale(string path)
    {
        if (Identify(path) is not { } existing)
            return false;
        if (!existing.IsSocket)
            throw new IOException($"{path} exists and is not a socket; not replacing it");
        if (SomeoneListens(path))
            throw new IOException($"unix socket {path} is in use by another process");
        File.Delete(path);
        return true;
    }

    private static bool SomeoneListens(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        probe.Blocking = false; // a listener with a full backlog answers EAGAIN instead of making us wait
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.TryAgain or SocketError.InProgress)
        {
            return true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable)
        {
            return false; // ECONNREFUSED: a socket file with no listener behind it
        }
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);
}
