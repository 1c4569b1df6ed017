using System.Buffers.Binary;
using System.IO.Compression;
using MuxActors.Vnc.Rfb;

namespace MuxActors.Vnc.Tests;

public sealed class ZrleEncoderTests
{
    // Rectangles of any size (not only whole 8-pixel glyph cells) with one, two, a few and many colours: the
    // vectorised two-colour path and the general loops must give what a decoder turns back into the same pixels.
    [Fact]
    public void Rectangles_of_any_size_and_colours_decode_to_the_same_pixels()
    {
        var random = new Random(616);
        using var encoder = new ZrleEncoder();
        using var inflated = new MemoryStream();
        var compressed = new MemoryStream();
        using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
        int[] sizes = [1, 3, 7, 8, 9, 15, 16, 63, 64, 65, 130];
        for (int round = 0; round < 60; round++)
        {
            int width = sizes[random.Next(sizes.Length)], height = sizes[random.Next(sizes.Length)];
            int colours = (round % 4) switch { 0 => 1, 1 => 2, 2 => random.Next(3, 17), _ => 40 };
            uint[] palette = [.. Enumerable.Range(0, colours).Select(_ => (uint)random.Next(0, 0x1000000))];
            var pixels = new uint[width * height];
            for (int i = 0; i < pixels.Length; i++)
                pixels[i] = round % 8 == 1 && i < pixels.Length / 2 ? palette[0] : palette[random.Next(colours)];
            var wire = new WireWriter();
            encoder.Encode(wire, PixelFormat.Server, pixels, width, height);

            ReadOnlySpan<byte> written = wire.Written.Span;
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(written);
            Assert.Equal(written.Length - 4, length);
            long at = compressed.Length;
            compressed.Write(written[4..]);
            compressed.Position = at;
            Assert.Equal(pixels, Decode(zlib, width, height));
        }
    }

    private static uint[] Decode(Stream zlib, int width, int height)
    {
        var pixels = new uint[width * height];
        for (int ty = 0; ty < height; ty += 64)
        {
            for (int tx = 0; tx < width; tx += 64)
            {
                int tw = Math.Min(64, width - tx), th = Math.Min(64, height - ty);
                int sub = Read(zlib, 1)[0];
                if (sub == 0)
                {
                    byte[] raw = Read(zlib, tw * th * 3);
                    for (int i = 0; i < tw * th; i++)
                        pixels[((ty + (i / tw)) * width) + tx + (i % tw)] = CPixel(raw, 3 * i);
                    continue;
                }
                Assert.InRange(sub, 1, 16);
                byte[] paletteBytes = Read(zlib, 3 * sub);
                uint[] palette = [.. Enumerable.Range(0, sub).Select(i => CPixel(paletteBytes, 3 * i))];
                int bits = sub == 1 ? 0 : sub == 2 ? 1 : sub <= 4 ? 2 : 4;
                int rowBytes = ((tw * bits) + 7) / 8;
                byte[] packed = bits == 0 ? [] : Read(zlib, rowBytes * th);
                for (int y = 0; y < th; y++)
                {
                    for (int x = 0; x < tw; x++)
                    {
                        int bit = x * bits;
                        int index = bits == 0 ? 0 : (packed[(y * rowBytes) + (bit / 8)] >> (8 - bits - (bit % 8))) & ((1 << bits) - 1);
                        pixels[((ty + y) * width) + tx + x] = palette[index];
                    }
                }
            }
        }
        return pixels;
    }

    private static byte[] Read(Stream zlib, int count)
    {
        var bytes = new byte[count];
        zlib.ReadExactly(bytes);
        return bytes;
    }

    private static uint CPixel(byte[] bytes, int at) => bytes[at] | ((uint)bytes[at + 1] << 8) | ((uint)bytes[at + 2] << 16);
}
