using MuxActors.Terminal;

namespace MuxActors.Vnc.Rfb;

/// <summary>
/// Turns framebuffer colours (<c>0xRRGGBB</c>) into a client's pixel values: scaled and shifted for true colour, or
/// the index of the nearest of the 256 xterm colours for a colour-map client (the map sent with
/// <see cref="ColourMap"/>). The few colours a console uses are cached.
/// </summary>
internal sealed class PixelTranslator(PixelFormat format)
{
    private readonly Dictionary<uint, uint> _cache = [];
    private uint _lastRgb = uint.MaxValue;
    private uint _lastValue;

    public PixelFormat Format => format;

    /// <summary>True when pixel values are the framebuffer's colours as they are (32-bit xRGB, either byte order).</summary>
    public bool IsIdentity { get; } = format is { TrueColour: true, BitsPerPixel: 32, RedMax: 255, GreenMax: 255, BlueMax: 255,
        RedShift: 16, GreenShift: 8, BlueShift: 0 };

    /// <summary>The colour map for colour-map clients: the xterm 256-colour palette, each channel 16 bits.</summary>
    public static IEnumerable<(int R, int G, int B)> ColourMap() =>
        Enumerable.Range(0, 256).Select(i => Palette.IndexToRgb((byte)i))
            .Select(rgb => ((int)((rgb >> 16) & 0xFF) * 257, (int)((rgb >> 8) & 0xFF) * 257, (int)(rgb & 0xFF) * 257));

    public uint Translate(uint rgb)
    {
        if (rgb == _lastRgb)
            return _lastValue;
        if (!_cache.TryGetValue(rgb, out uint value))
        {
            value = format.TrueColour ? format.FromRgb(rgb) : Nearest(rgb);
            if (_cache.Count < 4096)
                _cache[rgb] = value;
        }
        _lastRgb = rgb;
        _lastValue = value;
        return value;
    }

    public void TranslateAll(ReadOnlySpan<uint> rgb, Span<uint> values)
    {
        for (int i = 0; i < rgb.Length; i++)
            values[i] = Translate(rgb[i]);
    }

    private static uint Nearest(uint rgb)
    {
        int best = 0;
        long bestDistance = long.MaxValue;
        for (int i = 0; i < 256; i++)
        {
            uint p = Palette.IndexToRgb((byte)i);
            long dr = (long)((rgb >> 16) & 0xFF) - ((p >> 16) & 0xFF);
            long dg = (long)((rgb >> 8) & 0xFF) - ((p >> 8) & 0xFF);
            long db = (long)(rgb & 0xFF) - (p & 0xFF);
            long distance = (dr * dr) + (dg * dg) + (db * db);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = i;
            }
        }
        return (uint)best;
    }
}
