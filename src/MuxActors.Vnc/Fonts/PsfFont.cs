using System.Buffers.Binary;
using System.IO.Compression;

namespace MuxActors.Vnc.Fonts;

/// <summary>
/// A bitmap console font read from a PSF file (version 1 or 2, optionally gzip'd), with its Unicode table.
/// Glyph rows are kept left-aligned in a <see cref="uint"/> (bit 31 is the leftmost pixel), so fonts up to 32 pixels
/// wide fit. Box drawing (U+2500–U+257F) and block elements (U+2580–U+259F) the file lacks are drawn procedurally.
/// </summary>
public sealed class PsfFont
{
    private const int MaxGlyphs = 65536;
    private readonly uint[] _rows;
    private readonly Dictionary<int, int> _map;
    private readonly int _fallback;

    private PsfFont(int width, int height, uint[] rows, Dictionary<int, int> map)
    {
        Width = width;
        Height = height;
        var glyphs = new List<uint>(rows);
        foreach (var (codePoint, glyph) in ProceduralGlyphs.Missing(map, width, height))
        {
            map[codePoint] = glyphs.Count / height;
            glyphs.AddRange(glyph);
        }
        _rows = [.. glyphs];
        _map = map;
        _fallback = map.TryGetValue(0xFFFD, out var replacement) ? replacement : map.GetValueOrDefault('?', 0);
    }

    /// <summary>Glyph width in pixels.</summary>
    public int Width { get; }

    /// <summary>Glyph height in pixels.</summary>
    public int Height { get; }

    /// <summary>Where the font was read from (empty for a font made in memory).</summary>
    public string Source { get; private init; } = "";

    /// <summary>True when the font has a glyph of its own (or a procedural one) for <paramref name="codePoint"/>.</summary>
    public bool Has(int codePoint) => _map.ContainsKey(codePoint);

    /// <summary>The rows of the glyph for <paramref name="codePoint"/> (the replacement glyph when the font lacks it).</summary>
    public ReadOnlySpan<uint> Glyph(int codePoint)
    {
        int index = _map.TryGetValue(codePoint, out var found) ? found : _fallback;
        return _rows.AsSpan(index * Height, Height);
    }

    /// <summary>Reads a PSF1 or PSF2 font from <paramref name="path"/>; gzip'd files are recognised by their content.</summary>
    /// <exception cref="InvalidDataException">The file is not a PSF font.</exception>
    public static PsfFont Load(string path)
    {
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses a font held in memory (gzip'd or not).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a PSF font.</exception>
    public static PsfFont Parse(ReadOnlySpan<byte> data, string source = "")
    {
        byte[] raw = data.Length >= 2 && data[0] == 0x1F && data[1] == 0x8B ? Gunzip(data) : data.ToArray();
        var (width, height, rows, map) = raw.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(raw) == 0x864AB572 ? ParsePsf2(raw)
            : raw.Length >= 2 && raw[0] == 0x36 && raw[1] == 0x04 ? ParsePsf1(raw)
            : throw new InvalidDataException($"{Describe(source)} is not a PSF font (no PSF1 or PSF2 magic)");
        return new PsfFont(width, height, rows, map) { Source = source };
    }

    private static (int, int, uint[], Dictionary<int, int>) ParsePsf1(byte[] raw)
    {
        if (raw.Length < 4)
            throw new InvalidDataException("PSF1 header is cut short");
        byte mode = raw[2];
        int height = raw[3];
        int count = (mode & 0x01) != 0 ? 512 : 256;
        int glyphBytes = height;
        Require(height > 0 && raw.Length >= 4 + (count * glyphBytes), "PSF1 glyphs are cut short");
        uint[] rows = ReadGlyphs(raw.AsSpan(4), count, 8, height, glyphBytes);
        var map = new Dictionary<int, int>();
        if ((mode & 0x02) != 0)
            ReadPsf1Table(raw.AsSpan(4 + (count * glyphBytes)), count, map);
        else
            Identity(count, map);
        return (8, height, rows, map);
    }

    private static (int, int, uint[], Dictionary<int, int>) ParsePsf2(byte[] raw)
    {
        Require(raw.Length >= 32, "PSF2 header is cut short");
        var header = raw.AsSpan();
        int headerSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
        int glyphBytes = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
        int height = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
        int width = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[28..]);
        Require(width is > 0 and <= 32 && height is > 0 and <= 64 && count is > 0 and <= MaxGlyphs, "PSF2 header has an unsupported size");
        Require(glyphBytes == ((width + 7) / 8) * height, "PSF2 glyph size does not match its width and height");
        Require(headerSize >= 32 && (long)headerSize + ((long)count * glyphBytes) <= raw.Length, "PSF2 glyphs are cut short");
        uint[] rows = ReadGlyphs(raw.AsSpan(headerSize), count, width, height, glyphBytes);
        var map = new Dictionary<int, int>();
        if ((flags & 1) != 0)
            ReadPsf2Table(raw.AsSpan(headerSize + (count * glyphBytes)), count, map);
        else
            Identity(count, map);
        return (width, height, rows, map);
    }

    private static uint[] ReadGlyphs(ReadOnlySpan<byte> data, int count, int width, int height, int glyphBytes)
    {
        int rowBytes = (width + 7) / 8;
        var rows = new uint[count * height];
        for (int g = 0; g < count; g++)
        {
            for (int y = 0; y < height; y++)
            {
                uint bits = 0;
                var row = data.Slice((g * glyphBytes) + (y * rowBytes), rowBytes);
                for (int b = 0; b < rowBytes; b++)
                    bits |= (uint)row[b] << (24 - (8 * b));
                rows[(g * height) + y] = bits;
            }
        }
        return rows;
    }

    // PSF1: per glyph, UCS-2 little-endian values ended by 0xFFFF; 0xFFFE starts combining sequences (skipped).
    private static void ReadPsf1Table(ReadOnlySpan<byte> table, int count, Dictionary<int, int> map)
    {
        int glyph = 0;
        bool inSequence = false;
        for (int i = 0; i + 1 < table.Length && glyph < count; i += 2)
        {
            int value = BinaryPrimitives.ReadUInt16LittleEndian(table[i..]);
            if (value == 0xFFFF)
            {
                glyph++;
                inSequence = false;
            }
            else if (value == 0xFFFE)
                inSequence = true;
            else if (!inSequence)
                map.TryAdd(value, glyph);
        }
    }

    // PSF2: per glyph, UTF-8 code points ended by 0xFF; 0xFE starts combining sequences (skipped).
    private static void ReadPsf2Table(ReadOnlySpan<byte> table, int count, Dictionary<int, int> map)
    {
        int glyph = 0;
        bool inSequence = false;
        int i = 0;
        while (i < table.Length && glyph < count)
        {
            byte b = table[i];
            if (b == 0xFF)
            {
                glyph++;
                inSequence = false;
                i++;
            }
            else if (b == 0xFE)
            {
                inSequence = true;
                i++;
            }
            else
            {
                var status = System.Text.Rune.DecodeFromUtf8(table[i..], out var rune, out int used);
                i += Math.Max(used, 1);
                if (status == System.Buffers.OperationStatus.Done && !inSequence)
                    map.TryAdd(rune.Value, glyph);
            }
        }
    }

    private static void Identity(int count, Dictionary<int, int> map)
    {
        for (int i = 0; i < count; i++)
            map[i] = i;
    }

    private static byte[] Gunzip(ReadOnlySpan<byte> data)
    {
        using var input = new MemoryStream(data.ToArray());
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        // A console font is a few KiB; a "font" that inflates beyond this is not one.
        var buffer = new byte[81920];
        int read;
        while ((read = gzip.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
            if (output.Length > 16 << 20)
                throw new InvalidDataException("the gzip'd font inflates beyond 16 MiB");
        }
        return output.ToArray();
    }

    private static void Require(bool condition, string problem)
    {
        if (!condition)
            throw new InvalidDataException(problem);
    }

    private static string Describe(string source) => source.Length == 0 ? "the data" : $"'{source}'";
}
