namespace MuxActors.Vnc.Rfb;

/// <summary>The RFB encoding numbers this server knows (RFC 6143 §7.7, §7.8).</summary>
internal static class Encodings
{
    public const int Raw = 0;
    public const int CopyRect = 1;
    public const int Hextile = 5;
    public const int Zrle = 16;
    public const int Cursor = -239;
    public const int DesktopSize = -223;
    public const int LastRect = -224;
    public const int ExtendedDesktopSize = -308;
}

/// <summary>Raw and Hextile rectangles (stateless), from pixel values already in the client's format.</summary>
internal static class SimpleEncoders
{
    public static void Raw(WireWriter w, PixelFormat f, ReadOnlySpan<uint> values)
    {
        int bytes = f.BytesPerPixel;
        foreach (uint v in values)
            w.Pixel(f, v, bytes);
    }

    /// <summary>Hextile (RFC 6143 §7.7.4): 16×16 tiles; one colour as a background, two as background and runs, more raw.</summary>
    public static void Hextile(WireWriter w, PixelFormat f, ReadOnlySpan<uint> values, int width, int height)
    {
        const int RawTile = 1, BackgroundSpecified = 2, ForegroundSpecified = 4, AnySubrects = 8;
        int bytes = f.BytesPerPixel;
        uint? background = null, foreground = null;
        Span<uint> tile = stackalloc uint[256];
        Span<byte> runs = stackalloc byte[512];
        for (int ty = 0; ty < height; ty += 16)
        {
            for (int tx = 0; tx < width; tx += 16)
            {
                int tw = Math.Min(16, width - tx), th = Math.Min(16, height - ty);
                var pixels = tile[..(tw * th)];
                for (int y = 0; y < th; y++)
                    values.Slice(((ty + y) * width) + tx, tw).CopyTo(pixels.Slice(y * tw, tw));
                if (!TwoColours(pixels, out uint bg, out uint fg, out bool solid))
                {
                    w.Byte(RawTile);
                    foreach (uint v in pixels)
                        w.Pixel(f, v, bytes);
                    background = foreground = null;   // not carried over a raw tile
                    continue;
                }
                int count = solid ? 0 : Runs(pixels, tw, th, fg, runs);
                if (count > 255 || (2 * count) + (2 * bytes) >= pixels.Length * bytes)
                {
                    w.Byte(RawTile);
                    foreach (uint v in pixels)
                        w.Pixel(f, v, bytes);
                    background = foreground = null;
                    continue;
                }
                int mask = (background != bg ? BackgroundSpecified : 0)
                    | (count > 0 && foreground != fg ? ForegroundSpecified : 0) | (count > 0 ? AnySubrects : 0);
                w.Byte(mask);
                if ((mask & BackgroundSpecified) != 0)
                    w.Pixel(f, bg, bytes);
                if ((mask & ForegroundSpecified) != 0)
                {
                    w.Pixel(f, fg, bytes);
                    foreground = fg;
                }
                background = bg;
                if (count > 0)
                {
                    w.Byte(count);
                    w.Bytes(runs[..(2 * count)]);
                }
            }
        }
    }

    // At most two colours: the commoner one is the background.
    private static bool TwoColours(ReadOnlySpan<uint> pixels, out uint background, out uint foreground, out bool solid)
    {
        uint a = pixels[0], b = a;
        int countA = 0, countB = 0;
        foreach (uint v in pixels)
        {
            if (v == a)
                countA++;
            else if (countB == 0 || v == b)
            {
                b = v;
                countB++;
            }
            else
            {
                background = foreground = 0;
                solid = false;
                return false;
            }
        }
        solid = countB == 0;
        (background, foreground) = countA >= countB ? (a, b) : (b, a);
        return true;
    }

    // Horizontal runs of the foreground, one subrect each: x<<4|y, (w-1)<<4|(h-1).
    private static int Runs(ReadOnlySpan<uint> pixels, int tw, int th, uint fg, Span<byte> runs)
    {
        int count = 0;
        for (int y = 0; y < th; y++)
        {
            int x = 0;
            while (x < tw)
            {
                if (pixels[(y * tw) + x] != fg)
                {
                    x++;
                    continue;
                }
                int start = x;
                while (x < tw && pixels[(y * tw) + x] == fg)
                    x++;
                if (count == 256)
                    return 256;
                runs[2 * count] = (byte)((start << 4) | y);
                runs[(2 * count) + 1] = (byte)(((x - start - 1) << 4) | 0);
                count++;
            }
        }
        return count;
    }
}
