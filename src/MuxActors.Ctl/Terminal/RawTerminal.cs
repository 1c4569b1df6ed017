using System.Runtime.InteropServices;

namespace MuxActors.Ctl.Terminal;

/// <summary>
/// Raw mode on the local terminal (cfmakeraw: no echo, no line editing, no signals from keys) with the previous
/// settings restored exactly, once, from whichever path ends first: normal exit, an exception, or a signal.
/// </summary>
internal sealed unsafe partial class RawTerminal : IDisposable
{
    // glibc's struct termios is 60 bytes; an opaque, larger buffer keeps us independent of its layout.
    private const int TermiosBytes = 256;
    private const int TCSANOW = 0;
    private readonly int _fd;
    private readonly byte[] _saved;
    private int _restored;

    private RawTerminal(int fd, byte[] saved)
    {
        _fd = fd;
        _saved = saved;
    }

    /// <summary>Whether <paramref name="fd"/> is a terminal.</summary>
    public static bool IsTerminal(int fd) => IsATty(fd) == 1;

    /// <summary>Puts terminal <paramref name="fd"/> in raw mode; <c>null</c> when it is not a terminal (input from a pipe).</summary>
    public static RawTerminal? Enter(int fd)
    {
        if (!IsTerminal(fd))
            return null;
        var saved = new byte[TermiosBytes];
        var raw = new byte[TermiosBytes];
        fixed (byte* s = saved)
        fixed (byte* r = raw)
        {
            if (TcGetAttr(fd, s) != 0)
                throw new IOException("can't read the terminal settings: " + Marshal.GetLastPInvokeErrorMessage());
            saved.CopyTo(raw, 0);
            CfMakeRaw(r);
            if (TcSetAttr(fd, TCSANOW, r) != 0)
                throw new IOException("can't put the terminal in raw mode: " + Marshal.GetLastPInvokeErrorMessage());
        }
        return new RawTerminal(fd, saved);
    }

    /// <summary>Restores the settings found on entry; safe to call from a signal handler and more than once.</summary>
    public void Restore()
    {
        if (Interlocked.Exchange(ref _restored, 1) != 0)
            return;
        fixed (byte* s = _saved)
            _ = TcSetAttr(_fd, TCSANOW, s); // nothing better to do if the terminal is gone
    }

    /// <inheritdoc />
    public void Dispose() => Restore();

    [LibraryImport("libc", EntryPoint = "isatty")]
    private static partial int IsATty(int fd);

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    private static partial int TcGetAttr(int fd, byte* termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    private static partial int TcSetAttr(int fd, int optionalActions, byte* termios);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    private static partial void CfMakeRaw(byte* termios);
}
