using MuxActors.Vnc.Fonts;
using StbImageSharp;

namespace MuxActors.Chardevs.Tests.Vc;

/// <summary>
/// A captured VNC picture (PNG or JPEG, as the viewers save them) read back into cells: each 8×16 cell is matched
/// against the font's glyphs. Lossless pictures must match a glyph exactly; a JPEG's pixels are first thresholded and
/// the nearest glyph is taken, within a few pixels.
/// </summary>
internal sealed class ScreenPicture
{
    private readonly uint[] _pixels;
    private readonly PsfFont _font;
    private readonly bool _lossy;

    private ScreenPicture(uint[] pixels, int width, int height, PsfFont font, bool lossy)
    {
        _pixels = pixels;
        Width = width;
        Height = height;
        _font = font;
        _lossy = lossy;
    }

    public int Width { get; }
    public int Height { get; }

    public static ScreenPicture Load(string path, PsfFont font)
    {
        using var stream = File.OpenRead(path);
        var image = ImageResult.FromStream(stream, ColorComponents.RedGreenBlue);
        var pixels = new uint[image.Width * image.Height];
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = ((uint)image.Data[3 * i] << 16) | ((uint)image.Data[(3 * i) + 1] << 8) | image.Data[(3 * i) + 2];
        return new ScreenPicture(pixels, image.Width, image.Height, font, path.EndsWith(".jpg", StringComparison.Ordinal));
    }

    public uint Pixel(int x, int y) => _pixels[(y * Width) + x];

    /// <summary>Every pixel, <c>0xRRGGBB</c>, row after row.</summary>
    public ReadOnlySpan<uint> Pixels => _pixels;

    /// <summary>The text of a row: each cell's character ('?' for a cell no glyph matches).</summary>
    public string TextOf(int row) => string.Concat(Enumerable.Range(0, Width / _font.Width).Select(col => CharAt(row, col))).TrimEnd();

    /// <summary>The colour of a cell's lit pixels (its foreground), or null for a cell with none.</summary>
    public uint? ForegroundOf(int row, int col)
    {
        var lit = CellPixels(row, col).Where(p => Lit(p)).ToList();
        if (lit.Count == 0)
            return null;
        // The middle value per channel: JPEG fringes do not move it.
        static uint Median(IEnumerable<uint> values) => values.Order().ElementAt(values.Count() / 2);
        return (Median(lit.Select(p => (p >> 16) & 0xFF)) << 16) | (Median(lit.Select(p => (p >> 8) & 0xFF)) << 8) | Median(lit.Select(p => p & 0xFF));
    }

    /// <summary>Whether every pixel of the cell is lit (a block cursor on a blank cell).</summary>
    public bool IsSolid(int row, int col) => CellPixels(row, col).All(Lit);

    public char CharAt(int row, int col)
    {
        var bits = CellPixels(row, col).Select(Lit).ToArray();
        char best = '?';
        int bestDistance = int.MaxValue;
        for (char c = ' '; c <= '~'; c++)
        {
            var glyph = _font.Glyph(c);
            int distance = 0;
            for (int y = 0; y < _font.Height; y++)
            {
                for (int x = 0; x < _font.Width; x++)
                {
                    if (((glyph[y] & (0x8000_0000u >> x)) != 0) != bits[(y * _font.Width) + x])
                        distance++;
                }
            }
            if (distance < bestDistance)
                (best, bestDistance) = (c, distance);
        }
        return bestDistance == 0 || (_lossy && bestDistance <= 6) ? best : '?';
    }

    private IEnumerable<uint> CellPixels(int row, int col)
    {
        for (int y = 0; y < _font.Height; y++)
        {
            for (int x = 0; x < _font.Width; x++)
                yield return Pixel((col * _font.Width) + x, (row * _font.Height) + y);
        }
    }

    // Lit: anything clearly brighter than the black background.
    private static bool Lit(uint p) => Math.Max(Math.Max((p >> 16) & 0xFF, (p >> 8) & 0xFF), p & 0xFF) > 0x60;
}
