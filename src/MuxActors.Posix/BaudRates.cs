namespace MuxActors.Posix;

/// <summary>
/// Standard Linux baud rates and their kernel CBAUD codes (c_cflag bits, octal in the headers).
/// The codes are the kernel ABI, so they are valid whatever the C library does with speed_t.
/// </summary>
internal static class BaudRates
{
    /// <summary>c_cflag mask of the speed code.</summary>
    internal const uint CBAUD = 0x100F; // 0010017

    /// <summary>The CBAUD code meaning "speed in c_ospeed" (termios2).</summary>
    internal const uint BOTHER = 0x1000; // 0010000

    private static readonly (int Rate, uint Code)[] Table =
    [
        (50, 1), (75, 2), (110, 3), (134, 4), (150, 5), (200, 6), (300, 7), (600, 8),
        (1200, 9), (1800, 10), (2400, 11), (4800, 12), (9600, 13), (19200, 14), (38400, 15),
        (57600, 0x1001), (115200, 0x1002), (230400, 0x1003), (460800, 0x1004), (500000, 0x1005),
        (576000, 0x1006), (921600, 0x1007), (1000000, 0x1008), (1152000, 0x1009), (1500000, 0x100A),
        (2000000, 0x100B), (2500000, 0x100C), (3000000, 0x100D), (3500000, 0x100E), (4000000, 0x100F),
    ];

    /// <summary>Every supported rate, ascending.</summary>
    internal static IReadOnlyList<int> Supported { get; } = Array.ConvertAll(Table, e => e.Rate);

    /// <summary>The CBAUD code of a standard rate, or null.</summary>
    internal static uint? CodeOf(int rate)
    {
        foreach ((int r, uint c) in Table)
        {
            if (r == rate)
            {
                return c;
            }
        }
        return null;
    }

    /// <summary>The rate of a CBAUD code; 0 for B0 (hang up) and unknown codes.</summary>
    internal static int RateOf(uint code)
    {
        foreach ((int r, uint c) in Table)
        {
            if (c == code)
            {
                return r;
            }
        }
        return 0;
    }
}
