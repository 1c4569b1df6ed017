using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using MuxActors.Posix.Interop;

namespace MuxActors.Posix;

/// <summary>
/// A snapshot of a terminal's settings (struct termios) with the fields decoded. Read it
/// from any descriptor of the terminal, for example an independent one opened on the same
/// path, to check what a device or pty really uses. On a pty master it shows the slave's
/// settings (Linux redirects termios calls on a master to its slave).
/// </summary>
public sealed unsafe class Termios
{
    // glibc's struct termios is 60 bytes; a larger opaque buffer keeps us safe from layout growth.
    private const int BufferSize = 256;
    private const int IFlagOffset = 0;
    private const int OFlagOffset = 4;
    private const int CFlagOffset = 8;
    private const int LFlagOffset = 12;
    private const int ControlCharsOffset = 17;

    private readonly byte[] _raw = new byte[BufferSize];
    private int _otherSpeed;

    private Termios()
    {
    }

    /// <summary>Input modes (c_iflag).</summary>
    public uint InputFlags
    {
        get => Get(IFlagOffset);
        internal set => Set(IFlagOffset, value);
    }

    /// <summary>Output modes (c_oflag).</summary>
    public uint OutputFlags
    {
        get => Get(OFlagOffset);
        internal set => Set(OFlagOffset, value);
    }

    /// <summary>Control modes (c_cflag), including the kernel speed code.</summary>
    public uint ControlFlags
    {
        get => Get(CFlagOffset);
        internal set => Set(CFlagOffset, value);
    }

    /// <summary>Local modes (c_lflag).</summary>
    public uint LocalFlags
    {
        get => Get(LFlagOffset);
        internal set => Set(LFlagOffset, value);
    }

    /// <summary>VMIN: the minimum number of bytes a non-canonical read waits for.</summary>
    public byte MinimumBytes
    {
        get => _raw[ControlCharsOffset + TermiosFlags.VMIN];
        internal set => _raw[ControlCharsOffset + TermiosFlags.VMIN] = value;
    }

    /// <summary>VTIME: the non-canonical read timeout in tenths of a second.</summary>
    public byte TimeoutDeciseconds
    {
        get => _raw[ControlCharsOffset + TermiosFlags.VTIME];
        internal set => _raw[ControlCharsOffset + TermiosFlags.VTIME] = value;
    }

    /// <summary>
    /// The line speed in bits per second, decoded from the kernel's CBAUD code in c_cflag
    /// (or from termios2 for custom speeds); 0 means B0 (hang up) or an unknown code.
    /// </summary>
    public int BaudRate
    {
        get
        {
            uint code = ControlFlags & BaudRates.CBAUD;
            return code == BaudRates.BOTHER ? _otherSpeed : BaudRates.RateOf(code);
        }
    }

    /// <summary>Character size, 5 to 8 (CSIZE).</summary>
    public int DataBits => (ControlFlags & TermiosFlags.CSIZE) switch
    {
        TermiosFlags.CS5 => 5,
        TermiosFlags.CS6 => 6,
        TermiosFlags.CS7 => 7,
        _ => 8,
    };

    /// <summary>Parity (PARENB, PARODD).</summary>
    public SerialParity Parity => (ControlFlags & TermiosFlags.PARENB) == 0
        ? SerialParity.None
        : (ControlFlags & TermiosFlags.PARODD) != 0 ? SerialParity.Odd : SerialParity.Even;

    /// <summary>Stop bits, 1 or 2 (CSTOPB).</summary>
    public int StopBits => (ControlFlags & TermiosFlags.CSTOPB) != 0 ? 2 : 1;

    /// <summary>RTS/CTS hardware flow control (CRTSCTS).</summary>
    public bool HardwareFlowControl => (ControlFlags & TermiosFlags.CRTSCTS) != 0;

    /// <summary>XON/XOFF flow control in both directions (IXON and IXOFF).</summary>
    public bool SoftwareFlowControl => (InputFlags & (TermiosFlags.IXON | TermiosFlags.IXOFF)) == (TermiosFlags.IXON | TermiosFlags.IXOFF);

    /// <summary>Modem control lines ignored (CLOCAL).</summary>
    public bool IgnoreModemLines => (ControlFlags & TermiosFlags.CLOCAL) != 0;

    /// <summary>Receiver enabled (CREAD).</summary>
    public bool ReceiverEnabled => (ControlFlags & TermiosFlags.CREAD) != 0;

    /// <summary>Canonical (line-by-line) input (ICANON).</summary>
    public bool Canonical => (LocalFlags & TermiosFlags.ICANON) != 0;

    /// <summary>Input echo (ECHO).</summary>
    public bool Echo => (LocalFlags & TermiosFlags.ECHO) != 0;

    /// <summary>INTR/QUIT/SUSP characters generate signals (ISIG).</summary>
    public bool Signals => (LocalFlags & TermiosFlags.ISIG) != 0;

    /// <summary>Output post-processing, such as NL to CR-NL (OPOST).</summary>
    public bool OutputProcessing => (OutputFlags & TermiosFlags.OPOST) != 0;

    /// <summary>
    /// True when the terminal passes bytes through unchanged, as cfmakeraw leaves it: no
    /// input translation, stripping, break or flow-control handling, no output processing,
    /// no echo, canonical mode or signals, 8 data bits and no parity.
    /// </summary>
    public bool IsRaw =>
        (InputFlags & (TermiosFlags.IGNBRK | TermiosFlags.BRKINT | TermiosFlags.PARMRK | TermiosFlags.ISTRIP | TermiosFlags.INLCR | TermiosFlags.IGNCR | TermiosFlags.ICRNL | TermiosFlags.IXON)) == 0
        && (OutputFlags & TermiosFlags.OPOST) == 0
        && (LocalFlags & (TermiosFlags.ECHO | TermiosFlags.ECHONL | TermiosFlags.ICANON | TermiosFlags.ISIG | TermiosFlags.IEXTEN)) == 0
        && (ControlFlags & (TermiosFlags.CSIZE | TermiosFlags.PARENB)) == TermiosFlags.CS8;

    /// <summary>Reads the settings of an open terminal.</summary>
    /// <param name="fd">Any descriptor of the terminal.</param>
    /// <param name="name">The path or name for error messages.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="PosixException">tcgetattr failed (ENOTTY: not a terminal).</exception>
    public static Termios Get(SafeFileHandle fd, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(fd);
        var termios = new Termios();
        fixed (byte* p = termios._raw)
        {
            if (Libc.Tcgetattr(fd, p) < 0)
            {
                throw PosixException.FromLastError("tcgetattr", name);
            }
        }
        if ((termios.ControlFlags & BaudRates.CBAUD) == BaudRates.BOTHER)
        {
            termios._otherSpeed = ReadOtherSpeed(fd);
        }
        return termios;
    }

    /// <summary>
    /// Opens the terminal at <paramref name="path"/> read-only (O_NOCTTY, non-blocking), reads
    /// its settings and closes it. An exclusive (TIOCEXCL) tty refuses this with EBUSY unless we are root.
    /// </summary>
    /// <param name="path">The terminal device or pty slave path.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="PosixException">The open or tcgetattr failed.</exception>
    public static Termios Get(string path)
    {
        using SafeFileHandle fd = Libc.OpenOrThrow(path, Libc.O_RDONLY | Libc.O_NOCTTY | Libc.O_NONBLOCK | Libc.O_CLOEXEC, "terminal");
        return Get(fd, path);
    }

    /// <summary>Applies cfmakeraw and asks for reads that return as soon as one byte is there (VMIN 1, VTIME 0).</summary>
    internal void MakeRaw()
    {
        fixed (byte* p = _raw)
        {
            Libc.Cfmakeraw(p);
        }
        // VMIN 0 would make a non-blocking read return 0 (looks like EOF) instead of EAGAIN.
        MinimumBytes = 1;
        TimeoutDeciseconds = 0;
    }

    /// <summary>
    /// Sets input and output speed. The number goes to cfsetspeed first: glibc up to 2.41
    /// accepts numbers and B-codes there (but only B-codes in cfsetispeed/cfsetospeed),
    /// glibc ≥ 2.42 wants numbers; if the C library refuses the number (musl), the kernel
    /// B-code is tried.
    /// </summary>
    internal void SetBaudRate(int rate, string? name)
    {
        fixed (byte* p = _raw)
        {
            if (Libc.Cfsetspeed(p, (uint)rate) == 0)
            {
                return;
            }
            if (BaudRates.CodeOf(rate) is uint code && Libc.Cfsetspeed(p, code) == 0)
            {
                return;
            }
            throw PosixException.FromLastError($"cfsetspeed({rate})", name);
        }
    }

    /// <summary>tcsetattr(TCSANOW).</summary>
    internal void Apply(SafeFileHandle fd, string? name)
    {
        fixed (byte* p = _raw)
        {
            if (Libc.Tcsetattr(fd, Libc.TCSANOW, p) < 0)
            {
                throw PosixException.FromLastError("tcsetattr", name);
            }
        }
    }

    private static int ReadOtherSpeed(SafeFileHandle fd)
    {
        // struct termios2 (kernel): 4 flags, c_line, c_cc[19], then c_ispeed at 36 and c_ospeed at 40.
        byte* t2 = stackalloc byte[64];
        return Libc.Ioctl(fd, Libc.TCGETS2, t2) < 0 ? 0 : (int)*(uint*)(t2 + 40);
    }

    private uint Get(int offset) => MemoryMarshal.Read<uint>(_raw.AsSpan(offset));

    private void Set(int offset, uint value) => MemoryMarshal.Write(_raw.AsSpan(offset), in value);
}
