using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MuxActors.Posix.Interop;

internal static unsafe partial class Libc
{
    internal const nuint TCGETS2 = 0x802C542A;
    internal const nuint TCSBRK = 0x5409;
    internal const nuint TIOCEXCL = 0x540C;
    internal const nuint TIOCNXCL = 0x540D;
    internal const nuint TIOCGEXCL = 0x80045440;
    internal const nuint TIOCGWINSZ = 0x5413;
    internal const nuint TIOCSWINSZ = 0x5414;
    internal const nuint TIOCMGET = 0x5415;
    internal const nuint TIOCPKT = 0x5420;
    internal const nuint FIONREAD = 0x541B;

    internal const int TCSANOW = 0;
    internal const int TCIFLUSH = 0;
    internal const int TCOFLUSH = 1;
    internal const int TCIOFLUSH = 2;

    [LibraryImport(Lib, EntryPoint = "posix_openpt", SetLastError = true)]
    internal static partial int PosixOpenpt(int flags);

    [LibraryImport(Lib, EntryPoint = "grantpt", SetLastError = true)]
    internal static partial int Grantpt(SafeFileHandle master);

    [LibraryImport(Lib, EntryPoint = "unlockpt", SetLastError = true)]
    internal static partial int Unlockpt(SafeFileHandle master);

    /// <summary>Returns 0 or an error number (not -1/errno).</summary>
    [LibraryImport(Lib, EntryPoint = "ptsname_r", SetLastError = true)]
    internal static partial int PtsnameR(SafeFileHandle master, byte* buffer, nuint length);

    [LibraryImport(Lib, EntryPoint = "tcgetattr", SetLastError = true)]
    internal static partial int Tcgetattr(SafeFileHandle fd, byte* termios);

    [LibraryImport(Lib, EntryPoint = "tcsetattr", SetLastError = true)]
    internal static partial int Tcsetattr(SafeFileHandle fd, int optionalActions, byte* termios);

    [LibraryImport(Lib, EntryPoint = "cfmakeraw")]
    internal static partial void Cfmakeraw(byte* termios);

    [LibraryImport(Lib, EntryPoint = "cfsetspeed", SetLastError = true)]
    internal static partial int Cfsetspeed(byte* termios, uint speed);

    [LibraryImport(Lib, EntryPoint = "cfsetispeed", SetLastError = true)]
    internal static partial int Cfsetispeed(byte* termios, uint speed);

    [LibraryImport(Lib, EntryPoint = "cfsetospeed", SetLastError = true)]
    internal static partial int Cfsetospeed(byte* termios, uint speed);

    [LibraryImport(Lib, EntryPoint = "cfgetospeed")]
    internal static partial uint Cfgetospeed(byte* termios);

    [LibraryImport(Lib, EntryPoint = "tcsendbreak", SetLastError = true)]
    internal static partial int Tcsendbreak(SafeFileHandle fd, int duration);

    [LibraryImport(Lib, EntryPoint = "tcdrain", SetLastError = true)]
    internal static partial int Tcdrain(SafeFileHandle fd);

    [LibraryImport(Lib, EntryPoint = "tcflush", SetLastError = true)]
    internal static partial int Tcflush(SafeFileHandle fd, int queueSelector);

    /// <summary>struct winsize: {ushort ws_row, ws_col, ws_xpixel, ws_ypixel}.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct WinSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort PixelWidth;
        public ushort PixelHeight;
    }
}
