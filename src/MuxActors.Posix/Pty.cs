using System.Text;
using Microsoft.Win32.SafeHandles;
using MuxActors.Posix.Interop;

namespace MuxActors.Posix;

/// <summary>
/// A pseudo-terminal pair: the master as a non-blocking <see cref="PosixStream"/> and the
/// slave as a path (/dev/pts/N) for a program or client to open. The parent never keeps
/// a slave descriptor open, so when the last program on the slave side closes it, master
/// reads deliver what is left and then end of stream (the kernel reports EIO, which
/// <see cref="Master"/> turns into 0). After that the owner should recreate the pty:
/// reading on would return 0 at once again and again.
/// </summary>
public sealed unsafe class Pty : IDisposable
{
    private readonly List<PublishedSymlink> _links = [];
    private bool _disposed;

    private Pty(PosixStream master, string slavePath)
    {
        Master = master;
        SlavePath = slavePath;
    }

    /// <summary>The master side: read what the slave side writes, write what it reads.</summary>
    public PosixStream Master { get; }

    /// <summary>The slave device path, for example /dev/pts/3.</summary>
    public string SlavePath { get; }

    /// <summary>
    /// True when the slave has been opened and every slave descriptor is closed again
    /// (POLLHUP on the master): the program or client on the other side went away.
    /// </summary>
    public bool IsHungUp => (Libc.PollNow(Master.Handle, Libc.POLLIN) & Libc.POLLHUP) != 0;

    /// <summary>
    /// Opens a new pty: posix_openpt(O_RDWR|O_NOCTTY|O_CLOEXEC), grantpt, unlockpt, ptsname_r;
    /// then sets the window size and, if asked, raw mode, both before anyone opens the slave.
    /// </summary>
    /// <param name="windowSize">Initial size; 24x80 when null.</param>
    /// <param name="raw">Put the slave in raw mode (cfmakeraw): bytes pass unchanged both ways.</param>
    /// <param name="poller">The poller for the master; <see cref="FdPoller.Shared"/> when null.</param>
    /// <returns>The pty.</returns>
    /// <exception cref="PosixException">A step failed; the message names it.</exception>
    public static Pty Open(WindowSize? windowSize = null, bool raw = false, FdPoller? poller = null)
    {
        int fd = Libc.PosixOpenpt(Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            throw PosixException.FromLastError("posix_openpt", "/dev/ptmx");
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            if (Libc.Grantpt(handle) < 0)
            {
                throw PosixException.FromLastError("grantpt", "/dev/ptmx");
            }
            if (Libc.Unlockpt(handle) < 0)
            {
                throw PosixException.FromLastError("unlockpt", "/dev/ptmx");
            }
            string slavePath = SlaveName(handle);
            SetWindowSize(handle, windowSize ?? WindowSize.Default, slavePath);
            if (raw)
            {
                // termios calls on a master act on its slave.
                Termios termios = Termios.Get(handle, slavePath);
                termios.MakeRaw();
                termios.Apply(handle, slavePath);
            }
            var master = new PosixStream(handle, $"pty master of {slavePath}", poller, ownsHandle: true, PosixStream.EndOfStreamMode.PtyMaster);
            return new Pty(master, slavePath);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The current window size (TIOCGWINSZ on the master).</summary>
    /// <returns>The size.</returns>
    public WindowSize GetWindowSize()
    {
        Libc.WinSize size;
        if (Libc.Ioctl(Master.Handle, Libc.TIOCGWINSZ, &size) < 0)
        {
            throw PosixException.FromLastError("ioctl(TIOCGWINSZ)", SlavePath);
        }
        return new WindowSize(size.Rows, size.Columns);
    }

    /// <summary>Sets the window size (TIOCSWINSZ on the master); the slave's foreground process group gets SIGWINCH.</summary>
    /// <param name="size">The new size.</param>
    public void SetWindowSize(WindowSize size) => SetWindowSize(Master.Handle, size, SlavePath);

    /// <summary>The slave's terminal settings, read through the master.</summary>
    /// <returns>The snapshot.</returns>
    public Termios GetAttributes() => Termios.Get(Master.Handle, SlavePath);

    /// <summary>Puts the slave in raw mode (cfmakeraw, VMIN 1, VTIME 0) through the master.</summary>
    public void MakeRaw()
    {
        Termios termios = GetAttributes();
        termios.MakeRaw();
        termios.Apply(Master.Handle, SlavePath);
    }

    /// <summary>
    /// Opens the slave (O_RDWR|O_NOCTTY|O_NONBLOCK|O_CLOEXEC) in this process, for example
    /// to use the pty as an in-process pipe. While it is open, the master never sees EOF.
    /// </summary>
    /// <returns>The slave descriptor; the caller owns it.</returns>
    public SafeFileHandle OpenSlave()
        => Libc.OpenOrThrow(SlavePath, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_NONBLOCK | Libc.O_CLOEXEC, "pty slave");

    /// <summary>
    /// Publishes a symlink to the slave atomically (see <see cref="PublishedSymlink.Publish"/>);
    /// it is removed when the pty is disposed, if it still points at this slave.
    /// </summary>
    /// <param name="linkPath">Where the link goes, for example /run/muxactors/vm1.pty.</param>
    /// <returns>The published link.</returns>
    public PublishedSymlink PublishLink(string linkPath)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        PublishedSymlink link = PublishedSymlink.Publish(linkPath, SlavePath);
        lock (_links)
        {
            _links.Add(link);
        }
        return link;
    }

    /// <summary>Removes published links and closes the master; the kernel hangs up the slave side.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        lock (_links)
        {
            foreach (PublishedSymlink link in _links)
            {
                link.Dispose();
            }
            _links.Clear();
        }
        Master.Dispose();
    }

    private static string SlaveName(SafeFileHandle master)
    {
        byte* buffer = stackalloc byte[256];
        int error = Libc.PtsnameR(master, buffer, 256);
        if (error != 0)
        {
            throw PosixException.FromErrno(error, "ptsname_r", "/dev/ptmx");
        }
        var name = new ReadOnlySpan<byte>(buffer, 256);
        return Encoding.UTF8.GetString(name[..name.IndexOf((byte)0)]);
    }

    private static void SetWindowSize(SafeFileHandle master, WindowSize size, string slavePath)
    {
        var winsize = new Libc.WinSize { Rows = size.Rows, Columns = size.Columns };
        if (Libc.Ioctl(master, Libc.TIOCSWINSZ, &winsize) < 0)
        {
            throw PosixException.FromLastError("ioctl(TIOCSWINSZ)", slavePath);
        }
    }
}
