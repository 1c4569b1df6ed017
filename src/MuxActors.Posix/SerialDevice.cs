using Microsoft.Win32.SafeHandles;
using MuxActors.Posix.Interop;

namespace MuxActors.Posix;

/// <summary>
/// A serial tty opened for exclusive, raw, non-blocking use. When the device goes away
/// (USB unplug, hang-up), reads and writes on <see cref="Stream"/> fail with an
/// <see cref="IOException"/>: dispose and open again, as a supervisor does.
/// </summary>
public sealed unsafe class SerialDevice : IDisposable
{
    private SerialDevice(string path, SerialSettings settings, PosixStream stream, string? mismatch)
    {
        Path = path;
        Settings = settings;
        Stream = stream;
        SettingsMismatch = mismatch;
    }

    /// <summary>The device path as given.</summary>
    public string Path { get; }

    /// <summary>The requested settings.</summary>
    public SerialSettings Settings { get; }

    /// <summary>The data stream.</summary>
    public PosixStream Stream { get; }

    /// <summary>
    /// Null when the driver kept every requested setting; otherwise what it changed, for
    /// example "data-bits 8 (asked 7)". A pty, for one, always forces 8 data bits, no parity.
    /// </summary>
    public string? SettingsMismatch { get; }

    /// <summary>
    /// Opens <paramref name="path"/> with O_RDWR|O_NOCTTY|O_NONBLOCK|O_CLOEXEC (never becomes
    /// our controlling terminal, never waits for carrier), applies TIOCEXCL if asked, then raw
    /// mode with the settings plus CLOCAL|CREAD, and reads them back.
    /// </summary>
    /// <param name="path">The tty path, for example /dev/ttyUSB0 or a symlink to it.</param>
    /// <param name="settings">Line settings; defaults when null.</param>
    /// <param name="poller">The poller; <see cref="FdPoller.Shared"/> when null.</param>
    /// <returns>The open device.</returns>
    /// <exception cref="ArgumentException">Invalid settings.</exception>
    /// <exception cref="PosixException">Open or configuration failed; the message has the errno text and path.</exception>
    public static SerialDevice Open(string path, SerialSettings? settings = null, FdPoller? poller = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        settings ??= new SerialSettings();
        settings.Validate();
        SafeFileHandle fd = Libc.OpenOrThrow(path, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_NONBLOCK | Libc.O_CLOEXEC, "serial device");
        try
        {
            if (settings.Exclusive && Libc.Ioctl(fd, Libc.TIOCEXCL, null) < 0)
            {
                throw PosixException.FromLastError("ioctl(TIOCEXCL)", path);
            }
            Termios termios = Termios.Get(fd, path);
            Configure(termios, settings, path);
            termios.Apply(fd, path);
            string? mismatch = Compare(settings, Termios.Get(fd, path));
            var stream = new PosixStream(fd, path, poller, ownsHandle: true, PosixStream.EndOfStreamMode.Device);
            return new SerialDevice(path, settings, stream, mismatch);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>Sends a BREAK (tcsendbreak(fd, 0): 0.25–0.5 s of zero bits on a UART; a no-op on a pty).</summary>
    /// <exception cref="PosixException">tcsendbreak failed.</exception>
    public void SendBreak()
    {
        if (Libc.Tcsendbreak(Stream.Handle, 0) < 0)
        {
            throw PosixException.FromLastError("tcsendbreak", Path);
        }
    }

    /// <summary>Discards bytes received but not read, and bytes written but not sent (tcflush TCIOFLUSH).</summary>
    public void DiscardBuffers()
    {
        if (Libc.Tcflush(Stream.Handle, Libc.TCIOFLUSH) < 0)
        {
            throw PosixException.FromLastError("tcflush", Path);
        }
    }

    /// <summary>The number of received bytes waiting to be read (FIONREAD).</summary>
    /// <returns>The byte count.</returns>
    public int BytesToRead()
    {
        int count;
        if (Libc.Ioctl(Stream.Handle, Libc.FIONREAD, &count) < 0)
        {
            throw PosixException.FromLastError("ioctl(FIONREAD)", Path);
        }
        return count;
    }

    /// <summary>The modem line bits (TIOCMGET: DTR 0x2, RTS 0x4, CTS 0x20, CD 0x40, RI 0x80, DSR 0x100).</summary>
    /// <returns>The TIOCM_* bits.</returns>
    /// <exception cref="PosixException">The driver has no modem lines (a pty answers ENOTTY).</exception>
    public int GetModemLines()
    {
        int bits;
        if (Libc.Ioctl(Stream.Handle, Libc.TIOCMGET, &bits) < 0)
        {
            throw PosixException.FromLastError("ioctl(TIOCMGET)", Path);
        }
        return bits;
    }

    /// <summary>The device's current settings as the kernel reports them.</summary>
    /// <returns>The snapshot.</returns>
    public Termios GetAttributes() => Termios.Get(Stream.Handle, Path);

    /// <summary>
    /// Clears exclusive mode if we set it (the flag lives on the tty, which can outlive our
    /// descriptor, a pty slave for one) and closes the device; a pending read or write fails
    /// at once with <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        if (Settings.Exclusive && !Stream.Handle.IsClosed)
        {
            try
            {
                _ = Libc.Ioctl(Stream.Handle, Libc.TIOCNXCL, null); // fails harmlessly on a vanished device
            }
            catch (ObjectDisposedException)
            {
            }
        }
        Stream.Dispose();
    }

    /// <summary>Turns a termios snapshot into raw mode with <paramref name="settings"/>.</summary>
    internal static void Configure(Termios termios, SerialSettings settings, string? path)
    {
        termios.MakeRaw();
        uint c = termios.ControlFlags & ~(TermiosFlags.CSIZE | TermiosFlags.PARENB | TermiosFlags.PARODD | TermiosFlags.CMSPAR | TermiosFlags.CSTOPB | TermiosFlags.CRTSCTS);
        c |= TermiosFlags.CLOCAL | TermiosFlags.CREAD;
        c |= settings.DataBits switch { 5 => TermiosFlags.CS5, 6 => TermiosFlags.CS6, 7 => TermiosFlags.CS7, _ => TermiosFlags.CS8 };
        c |= settings.Parity switch
        {
            SerialParity.Even => TermiosFlags.PARENB,
            SerialParity.Odd => TermiosFlags.PARENB | TermiosFlags.PARODD,
            _ => 0u,
        };
        if (settings.StopBits == 2)
        {
            c |= TermiosFlags.CSTOPB;
        }
        if (settings.FlowControl == SerialFlowControl.RtsCts)
        {
            c |= TermiosFlags.CRTSCTS;
        }
        termios.ControlFlags = c;

        // Like pyserial: parity is generated and stripped, but received parity errors are not checked.
        uint i = termios.InputFlags & ~(TermiosFlags.INPCK | TermiosFlags.ISTRIP | TermiosFlags.IXON | TermiosFlags.IXOFF | TermiosFlags.IXANY);
        if (settings.FlowControl == SerialFlowControl.XonXoff)
        {
            i |= TermiosFlags.IXON | TermiosFlags.IXOFF;
        }
        termios.InputFlags = i;
        termios.SetBaudRate(settings.BaudRate, path);
    }

    /// <summary>Describes what the driver did not keep, or returns null.</summary>
    internal static string? Compare(SerialSettings asked, Termios actual)
    {
        var differences = new List<string>();
        if (actual.BaudRate != asked.BaudRate)
        {
            differences.Add($"baud {actual.BaudRate} (asked {asked.BaudRate})");
        }
        if (actual.DataBits != asked.DataBits)
        {
            differences.Add($"data-bits {actual.DataBits} (asked {asked.DataBits})");
        }
        if (actual.Parity != asked.Parity)
        {
            differences.Add($"parity {actual.Parity} (asked {asked.Parity})");
        }
        if (actual.StopBits != asked.StopBits)
        {
            differences.Add($"stop-bits {actual.StopBits} (asked {asked.StopBits})");
        }
        if (actual.HardwareFlowControl != (asked.FlowControl == SerialFlowControl.RtsCts))
        {
            differences.Add($"rtscts {(actual.HardwareFlowControl ? "on" : "off")}");
        }
        if (actual.SoftwareFlowControl != (asked.FlowControl == SerialFlowControl.XonXoff))
        {
            differences.Add($"xonxoff {(actual.SoftwareFlowControl ? "on" : "off")}");
        }
        return differences.Count == 0 ? null : string.Join("; ", differences);
    }
}
