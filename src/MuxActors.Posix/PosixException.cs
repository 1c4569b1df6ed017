using System.Runtime.InteropServices;

namespace MuxActors.Posix;

/// <summary>
/// A failed libc call. It is an <see cref="IOException"/> so that callers that retry I/O
/// (supervisors) catch it with everything else; <see cref="Errno"/> tells the cause.
/// </summary>
public sealed class PosixException : IOException
{
    /// <summary>Creates an exception for <paramref name="errno"/> with a ready-made message.</summary>
    /// <param name="errno">The error number.</param>
    /// <param name="message">The full message.</param>
    /// <param name="path">The file involved, if any.</param>
    public PosixException(int errno, string message, string? path = null)
        : base(message)
    {
        Errno = errno;
        Path = path;
        HResult = errno;
    }

    /// <summary>The errno value (for example 2 for ENOENT).</summary>
    public int Errno { get; }

    /// <summary>The path or object the failing call was about, when there was one.</summary>
    public string? Path { get; }

    /// <summary>The symbolic errno name, for example "ENOENT", or "errno N" when unknown.</summary>
    public string ErrnoName => NameOf(Errno);

    /// <summary>Builds an exception from the calling thread's last P/Invoke errno.</summary>
    internal static PosixException FromLastError(string operation, string? path)
        => FromErrno(Marshal.GetLastPInvokeError(), operation, path);

    /// <summary>Builds "operation failed for 'path': text (ENAME, errno N)".</summary>
    internal static PosixException FromErrno(int errno, string operation, string? path)
    {
        string where = path is null ? "" : $" for '{path}'";
        string text = Marshal.GetPInvokeErrorMessage(errno);
        return new PosixException(errno, $"{operation} failed{where}: {text} ({NameOf(errno)}, errno {errno})", path);
    }

    private static string NameOf(int errno) => errno switch
    {
        1 => "EPERM",
        2 => "ENOENT",
        3 => "ESRCH",
        4 => "EINTR",
        5 => "EIO",
        6 => "ENXIO",
        9 => "EBADF",
        10 => "ECHILD",
        11 => "EAGAIN",
        12 => "ENOMEM",
        13 => "EACCES",
        16 => "EBUSY",
        17 => "EEXIST",
        19 => "ENODEV",
        20 => "ENOTDIR",
        21 => "EISDIR",
        22 => "EINVAL",
        24 => "EMFILE",
        25 => "ENOTTY",
        28 => "ENOSPC",
        30 => "EROFS",
        32 => "EPIPE",
        38 => "ENOSYS",
        _ => $"errno {errno}",
    };
}
