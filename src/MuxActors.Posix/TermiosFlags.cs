namespace MuxActors.Posix;

/// <summary>struct termios flag bits and c_cc indexes (Linux; the headers write them in octal).</summary>
internal static class TermiosFlags
{
    // c_iflag
    internal const uint IGNBRK = 0x1, BRKINT = 0x2, PARMRK = 0x8, INPCK = 0x10, ISTRIP = 0x20,
        INLCR = 0x40, IGNCR = 0x80, ICRNL = 0x100, IXON = 0x400, IXANY = 0x800, IXOFF = 0x1000;

    // c_oflag
    internal const uint OPOST = 0x1;

    // c_cflag (octal in the headers: CSIZE 060, CSTOPB 0100, CREAD 0200, PARENB 0400, PARODD 01000, CLOCAL 04000, CRTSCTS 020000000000)
    internal const uint CSIZE = 0x30, CS5 = 0x0, CS6 = 0x10, CS7 = 0x20, CS8 = 0x30, CSTOPB = 0x40, CREAD = 0x80,
        PARENB = 0x100, PARODD = 0x200, CLOCAL = 0x800, CMSPAR = 0x40000000, CRTSCTS = 0x80000000;

    // c_lflag
    internal const uint ISIG = 0x1, ICANON = 0x2, ECHO = 0x8, ECHONL = 0x40, IEXTEN = 0x8000;

    // c_cc indexes
    internal const int VTIME = 5, VMIN = 6;
}
