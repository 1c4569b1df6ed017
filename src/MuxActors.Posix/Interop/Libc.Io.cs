using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MuxActors.Posix.Interop;

/// <summary>
/// P/Invokes into glibc. Constants are the Linux x86_64/aarch64 values (checked against
/// the C headers of this image); everything else that differs by ABI is handled where used.
/// </summary>
internal static unsafe partial class Libc
{
    private const string Lib = "libc";

    internal const int O_RDONLY = 0;
    internal const int O_RDWR = 2;
    internal const int O_NOCTTY = 0x100;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_CLOEXEC = 0x80000;

    internal const int F_GETFL = 3;
    internal const int F_SETFL = 4;

    internal const int EINTR = 4;
    internal const int EIO = 5;
    internal const int ENXIO = 6;
    internal const int EBADF = 9;
    internal const int ECHILD = 10;
    internal const int EAGAIN = 11;
    internal const int ENODEV = 19;
    internal const int EINVAL = 22;
    internal const int ENOSYS = 38;
    internal const int ESRCH = 3;
    internal const int ENOENT = 2;
    internal const int EEXIST = 17;

    internal const short POLLIN = 1;
    internal const short POLLOUT = 4;
    internal const short POLLERR = 8;
    internal const short POLLHUP = 16;

    [LibraryImport(Lib, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags, int mode);

    [LibraryImport(Lib, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Lib, EntryPoint = "read", SetLastError = true)]
    internal static partial nint Read(SafeFileHandle fd, byte* buffer, nint count);

    [LibraryImport(Lib, EntryPoint = "write", SetLastError = true)]
    internal static partial nint Write(SafeFileHandle fd, byte* buffer, nint count);

    internal const int MSG_DONTWAIT = 0x40;
    internal const int MSG_NOSIGNAL = 0x4000;

    [LibraryImport(Lib, EntryPoint = "send", SetLastError = true)]
    internal static partial nint Send(int fd, byte* buffer, nint count, int flags);

    [LibraryImport(Lib, EntryPoint = "recv", SetLastError = true)]
    internal static partial nint Recv(int fd, byte* buffer, nint count, int flags);

    [LibraryImport(Lib, EntryPoint = "sendmsg", SetLastError = true)]
    internal static partial nint SendMsg(int fd, MsgHdr* message, int flags);

    [LibraryImport(Lib, EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int Fcntl(SafeFileHandle fd, int command, int argument);

    /// <summary>ioctl with a pointer argument (or none: pass null).</summary>
    [LibraryImport(Lib, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(SafeFileHandle fd, nuint request, void* argument);

    [LibraryImport(Lib, EntryPoint = "poll", SetLastError = true)]
    internal static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport(Lib, EntryPoint = "symlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Symlink(string target, string linkPath);

    [LibraryImport(Lib, EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Rename(string oldPath, string newPath);

    [LibraryImport(Lib, EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Unlink(string path);

    [LibraryImport(Lib, EntryPoint = "readlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint Readlink(string path, byte* buffer, nuint size);

    /// <summary>struct iovec: {void *iov_base; size_t iov_len;}.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary>struct msghdr; sequential layout gives the C padding on both 64-bit ABIs.</summary>
    internal struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct pollfd: {int fd; short events; short revents;}, 8 bytes.</summary>
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>Opens <paramref name="path"/> and wraps the descriptor, or throws with errno text and the path.</summary>
    internal static SafeFileHandle OpenOrThrow(string path, int flags, string what)
    {
        int fd = Open(path, flags, 0);
        if (fd < 0)
        {
            throw PosixException.FromLastError($"open {what}", path);
        }
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Sets O_NONBLOCK on a descriptor (idempotent).</summary>
    internal static void SetNonBlocking(SafeFileHandle fd, string what)
    {
        int flags = Fcntl(fd, F_GETFL, 0);
        if (flags < 0 || (flags & O_NONBLOCK) == 0 && Fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        {
            throw PosixException.FromLastError("fcntl(O_NONBLOCK)", what);
        }
    }

    /// <summary>Non-blocking poll of one descriptor; returns its revents (0 when nothing is pending).</summary>
    internal static short PollNow(SafeHandle fd, short events)
    {
        bool added = false;
        try
        {
            fd.DangerousAddRef(ref added);
            var p = new PollFd { Fd = (int)fd.DangerousGetHandle(), Events = events };
            while (Poll(&p, 1, 0) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != EINTR)
                {
                    throw PosixException.FromErrno(errno, "poll", null);
                }
            }
            return p.Revents;
        }
        finally
        {
            if (added)
            {
                fd.DangerousRelease();
            }
        }
    }
}
