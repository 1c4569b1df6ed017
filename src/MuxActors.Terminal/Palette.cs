namespace MuxActors.Terminal;

/// <summary>
/// Maps <see cref="TerminalColor"/> to RGB for renderers: the xterm 16-colour palette,
/// the 6×6×6 colour cube (16–231) and the 24 greys (232–255); and true colours back to the
/// nearest of the 16 for consoles (VNC text mode, serial) that only know those.
/// </summary>
public static class Palette
{
    /// <summary>The default foreground as <c>0xRRGGBB</c> (xterm's colour 7).</summary>
    public const uint DefaultForeground = 0xE5E5E5;

    /// <summary>The default background as <c>0xRRGGBB</c>.</summary>
    public const uint DefaultBackground = 0x000000;

    // xterm's default values for colours 0–15.
    private static readonly uint[] Ansi16 =
    [
        0x000000, 0xCD0000, 0x00CD00, 0xCDCD00, 0x0000EE, 0xCD00CD, 0x00CDCD, 0xE5E5E5,
        0x7F7F7F, 0xFF0000, 0x00FF00, 0xFFFF00, 0x5C5CFF, 0xFF00FF, 0x00FFFF, 0xFFFFFF,
    ];

    /// <summary>The RGB value (<c>0xRRGGBB</c>) of palette entry <paramref name="index"/>.</summary>
    public static uint IndexToRgb(byte index)
    {
        if (index < 16)
            return Ansi16[index];
        if (index < 232)
        {
            int i = index - 16;
            return (CubeLevel(i / 36) << 16) | (CubeLevel(i / 6 % 6) << 8) | CubeLevel(i % 6);
        }
        uint grey = (uint)(8 + (10 * (index - 232)));
        return (grey << 16) | (grey << 8) | grey;
    }

    /// <summary>The RGB value of <paramref name="color"/>; default colours resolve per <paramref name="foreground"/>.</summary>
    public static uint ToRgb(TerminalColor color, bool foreground) => color.Kind switch
    {
        ColorKind.Indexed => IndexToRgb(color.Index),
        ColorKind.Rgb => color.Rgb,
        _ => foreground ? DefaultForeground : DefaultBackground,
    };

    /// <summary>The 16-colour index nearest <paramref name="rgb"/> (<c>0xRRGGBB</c>).</summary>
    public static byte NearestAnsi16(uint rgb)
    {
        int r = (int)(rgb >> 16) & 0xFF, g = (int)(rgb >> 8) & 0xFF, b = (int)rgb & 0xFF;
        int best = 0;
        long bestDistance = long.MaxValue;
        for (int i = 0; i < Ansi16.Length; i++)
        {
            uint p = Ansi16[i];
            int dr = r - (int)((p >> 16) & 0xFF), dg = g - (int)((p >> 8) & 0xFF), db = b - (int)(p & 0xFF);
            // Weighted like the eye: green counts most, blue least (a common "redmean"-free approximation).
            long distance = (3L * dr * dr) + (4L * dg * dg) + (2L * db * db);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = i;
            }
        }
        return (byte)best;
    }

    /// <summary>
    /// <paramref name="color"/> reduced to the 16-colour palette: indexes below 16 stay,
    /// higher indexes and true colours go to the nearest; the default stays default.
    /// </summary>
    public static TerminalColor ToAnsi16(TerminalColor color) => color.Kind switch
    {
        ColorKind.Indexed when color.Index < 16 => color,
        ColorKind.Indexed => TerminalColor.FromIndex(NearestAnsi16(IndexToRgb(color.Index))),
        ColorKind.Rgb => TerminalColor.FromIndex(NearestAnsi16(color.Rgb)),
        _ => color,
    };

    private static uint CubeLevel(int step) => step == 0 ? 0u : (uint)(55 + (40 * step));
}
