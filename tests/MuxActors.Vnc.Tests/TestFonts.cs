using System.IO.Compression;
using System.Text;
using MuxActors.Vnc.Fonts;

namespace MuxActors.Vnc.Tests;

/// <summary>Small PSF fonts made in memory, so the tests need no installed font.</summary>
internal static class TestFonts
{
    /// <summary>The rows of the synthetic glyph for <paramref name="c"/>: distinct per character, never blank except for the space.</summary>
    public static byte[] GlyphOf(int c) =>
        [.. Enumerable.Range(0, 16).Select(y => c == ' ' ? (byte)0 : (byte)((c * 37) + (y * 11) | (y % 3 == 0 ? 0x81 : 0x18)))];

    /// <summary>A PSF2 font of the printable ASCII characters and U+FFFD, with a Unicode table; gzip'd when asked.</summary>
    public static byte[] Psf2Ascii(bool gzip = false, params int[] extra)
    {
        int[] chars = [.. Enumerable.Range(0x20, 0x5F), 0xFFFD, .. extra];
        var data = new MemoryStream();
        var header = new BinaryWriter(data);
        header.Write(0x864AB572u);
        header.Write(0u);
        header.Write(32u);
        header.Write(1u);                 // has a Unicode table
        header.Write((uint)chars.Length);
        header.Write(16u);
        header.Write(16u);
        header.Write(8u);
        foreach (int c in chars)
            data.Write(GlyphOf(c));
        foreach (int c in chars)
        {
            data.Write(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(c)));
            data.WriteByte(0xFF);
        }
        return gzip ? Gzip(data.ToArray()) : data.ToArray();
    }

    public static PsfFont Ascii() => PsfFont.Parse(Psf2Ascii());

    public static byte[] Gzip(byte[] raw)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(raw);
        return output.ToArray();
    }
}
