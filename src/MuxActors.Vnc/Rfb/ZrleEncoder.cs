using System.IO.Compression;
using System.Runtime.Intrinsics;

namespace MuxActors.Vnc.Rfb;

/// <summary>
/// ZRLE (RFC 6143 §7.7.6) for one connection: 64×64 tiles, each solid, a packed palette (up to 16 colours) or raw,
/// written into one zlib stream that lives as long as the connection; each rectangle is a sync-flushed piece of it.
/// </summary>
internal sealed class ZrleEncoder : IDisposable
{
    private readonly MemoryStream _compressed = new();
    private readonly ZLibStream _zlib;
    private readonly WireWriter _tiles = new();

    // Each byte with its bits in the opposite order.
    private static readonly byte[] s_reversed = [.. Enumerable.Range(0, 256).Select(Reversed)];

    public ZrleEncoder() => _zlib = new ZLibStream(_compressed, CompressionLevel.Fastest, leaveOpen: true);

    public void Encode(WireWriter w, PixelFormat f, ReadOnlySpan<uint> values, int width, int height)
    {
        _tiles.Clear();
        int cpixel = f.CompressedPixelBytes;
        Span<uint> palette = stackalloc uint[16];
        for (int ty = 0; ty < height; ty += 64)
        {
            for (int tx = 0; tx < width; tx += 64)
            {
                int tw = Math.Min(64, width - tx), th = Math.Min(64, height - ty);
                int colours = PaletteOf(values, width, tx, ty, tw, th, palette);
                if (colours == 1)
                {
                    _tiles.Byte(1);
                    _tiles.Pixel(f, palette[0], cpixel);
                }
                else if (colours > 0)
                    Packed(f, values, width, tx, ty, tw, th, palette[..colours], cpixel);
                else
                {
                    _tiles.Byte(0);
                    for (int y = 0; y < th; y++)
                    {
                        foreach (uint v in values.Slice(((ty + y) * width) + tx, tw))
                            _tiles.Pixel(f, v, cpixel);
                    }
                }
            }
        }
        _compressed.SetLength(0);
        _zlib.Write(_tiles.Written.Span);
        _zlib.Flush();   // a sync flush: the client can inflate everything so far, the stream goes on
        w.U32((uint)_compressed.Length);
        w.Bytes(_compressed.GetBuffer().AsSpan(0, (int)_compressed.Length));
    }

    private void Packed(PixelFormat f, ReadOnlySpan<uint> values, int width, int tx, int ty, int tw, int th, ReadOnlySpan<uint> palette, int cpixel)
    {
        _tiles.Byte(palette.Length);
        foreach (uint c in palette)
            _tiles.Pixel(f, c, cpixel);
        if (palette.Length == 2 && Vector256.IsHardwareAccelerated)
        {
            TwoColours(values, width, tx, ty, tw, th, palette[1]);
            return;
        }
        int bits = palette.Length == 2 ? 1 : palette.Length <= 4 ? 2 : 4;
        uint lastValue = palette[0];
        int lastIndex = 0;
        for (int y = 0; y < th; y++)
        {
            int acc = 0, used = 0;
            foreach (uint v in values.Slice(((ty + y) * width) + tx, tw))
            {
                if (v != lastValue)
                {
                    lastValue = v;
                    lastIndex = IndexIn(palette, v);
                }
                acc = (acc << bits) | lastIndex;
                used += bits;
                if (used == 8)
                {
                    _tiles.Byte(acc);
                    acc = used = 0;
                }
            }
            if (used > 0)
                _tiles.Byte(acc << (8 - used));   // rows end on a byte boundary
        }
    }

    // A tile of text (a glyph and its background): one bit a pixel, set for the second colour, eight pixels a vector
    // compare. Rows end on a byte boundary, the leftmost pixel in the high bit.
    private void TwoColours(ReadOnlySpan<uint> values, int width, int tx, int ty, int tw, int th, uint second)
    {
        int rowBytes = (tw + 7) / 8, whole = tw / 8;
        Span<byte> packed = _tiles.Take(rowBytes * th);
        Vector256<uint> secondv = Vector256.Create(second);
        for (int y = 0; y < th; y++)
        {
            ReadOnlySpan<uint> row = values.Slice(((ty + y) * width) + tx, tw);
            Span<byte> to = packed.Slice(y * rowBytes, rowBytes);
            for (int b = 0; b < whole; b++)
            {
                uint lanes = Vector256.Equals(Vector256.Create(row.Slice(b * 8, 8)), secondv).ExtractMostSignificantBits();
                to[b] = s_reversed[(int)lanes];   // lane 0 (the leftmost pixel) comes out as the low bit
            }
            if (whole < rowBytes)
            {
                int acc = 0;
                for (int x = whole * 8; x < tw; x++)
                    acc = (acc << 1) | (row[x] == second ? 1 : 0);
                to[whole] = (byte)(acc << (8 - (tw - (whole * 8))));
            }
        }
    }

    // The tile's distinct colours into palette, in the order they first appear; 0 when there are more than 16.
    private static int PaletteOf(ReadOnlySpan<uint> values, int width, int tx, int ty, int tw, int th, Span<uint> palette)
    {
        // Most tiles of text hold one or two colours: vectorised scans find them; a third sends the rest of the tile,
        // from the row it is on, to the general loop (which then finds the colours in the same order).
        palette[0] = values[(ty * width) + tx];
        int count = 1;
        for (int y = 0; y < th; y++)
        {
            ReadOnlySpan<uint> row = values.Slice(((ty + y) * width) + tx, tw);
            if (count == 1)
            {
                int other = row.IndexOfAnyExcept(palette[0]);
                if (other < 0)
                    continue;
                palette[count++] = row[other];
            }
            if (OnlyEither(row, palette[0], palette[1]))
                continue;
            return MoreColours(values, width, tx, ty + y, tw, th - y, palette, count);
        }
        return count;
    }

    // Whether every pixel of row is a or b: eight pixels a step.
    private static bool OnlyEither(ReadOnlySpan<uint> row, uint a, uint b)
    {
        int x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<uint> av = Vector256.Create(a), bv = Vector256.Create(b), all = Vector256<uint>.AllBitsSet;
            for (; x + 8 <= row.Length; x += 8)
            {
                Vector256<uint> v = Vector256.Create(row.Slice(x, 8));
                all &= Vector256.Equals(v, av) | Vector256.Equals(v, bv);
            }
            if (all != Vector256<uint>.AllBitsSet)
                return false;
        }
        for (; x < row.Length; x++)
        {
            if (row[x] != a && row[x] != b)
                return false;
        }
        return true;
    }

    // The general loop, from a tile's row that holds a third colour, with the colours found so far.
    private static int MoreColours(ReadOnlySpan<uint> values, int width, int tx, int ty, int tw, int th, Span<uint> palette, int count)
    {
        uint last = palette[0];
        for (int y = 0; y < th; y++)
        {
            foreach (uint v in values.Slice(((ty + y) * width) + tx, tw))
            {
                if (v == last)
                    continue;
                if (IndexIn(palette[..count], v) < 0)
                {
                    if (count == 16)
                        return 0;
                    palette[count++] = v;
                }
                last = v;
            }
        }
        return count;
    }

    // A plain loop: palettes hold at most 16 colours, too few for a vectorised search to pay for its call.
    private static int IndexIn(ReadOnlySpan<uint> palette, uint value)
    {
        for (int i = 0; i < palette.Length; i++)
        {
            if (palette[i] == value)
                return i;
        }
        return -1;
    }

    private static byte Reversed(int value)
    {
        int reversed = 0;
        for (int bit = 0; bit < 8; bit++)
            reversed |= ((value >> bit) & 1) << (7 - bit);
        return (byte)reversed;
    }

    public void Dispose()
    {
        _zlib.Dispose();
        _compressed.Dispose();
    }
}
