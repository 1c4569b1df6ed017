using MuxActors.Vnc.Fonts;

namespace MuxActors.LoadTest.Vnc;

/// <summary>
/// Reads text cells back from a viewer's picture by their glyphs: a cell shows a character when its pixels differ from
/// the background exactly where the font's glyph has ink (any foreground colour, so bold and coloured text read too).
/// The background is the colour of the picture's bottom-right pixel, a cell the benchmark never writes.
/// </summary>
internal sealed class CellReader
{
    private readonly PsfFont _font;
    private readonly Dictionary<string, char> _byInk = [];

    public CellReader(PsfFont font)
    {
        _font = font;
        for (char c = ' '; c <= '~'; c++)
            _byInk.TryAdd(InkKey(_font.Glyph(c)), c);
    }

    public int CellWidth => _font.Width;

    public int CellHeight => _font.Height;

    /// <summary>Whether cell (<paramref name="row"/>, <paramref name="col"/>) shows <paramref name="c"/> drawn normally (not under the cursor).</summary>
    public bool Shows(RfbViewer viewer, int row, int col, char c)
    {
        ReadOnlySpan<uint> glyph = _font.Glyph(c);
        uint background = viewer.Pixels[^1];
        for (int y = 0; y < _font.Height; y++)
        {
            var line = viewer.Pixels.AsSpan((((row * _font.Height) + y) * viewer.Width) + (col * _font.Width), _font.Width);
            for (int x = 0; x < _font.Width; x++)
            {
                if ((line[x] != background) != ((glyph[y] & (0x8000_0000u >> x)) != 0))
                    return false;
            }
        }
        return true;
    }

    /// <summary>Whether every pixel of the cell differs from the background (a cursor on a blank cell).</summary>
    public bool IsSolid(RfbViewer viewer, int row, int col)
    {
        uint background = viewer.Pixels[^1];
        for (int y = 0; y < _font.Height; y++)
        {
            if (viewer.Pixels.AsSpan((((row * _font.Height) + y) * viewer.Width) + (col * _font.Width), _font.Width).Contains(background))
                return false;
        }
        return true;
    }

    /// <summary>The text of a row; '?' for a cell that is no printable ASCII character drawn normally.</summary>
    public string Row(RfbViewer viewer, int row)
    {
        uint background = viewer.Pixels[^1];
        var text = new char[viewer.Width / _font.Width];
        Span<uint> ink = stackalloc uint[_font.Height];
        for (int col = 0; col < text.Length; col++)
        {
            for (int y = 0; y < _font.Height; y++)
            {
                var line = viewer.Pixels.AsSpan((((row * _font.Height) + y) * viewer.Width) + (col * _font.Width), _font.Width);
                uint bits = 0;
                for (int x = 0; x < _font.Width; x++)
                {
                    if (line[x] != background)
                        bits |= 0x8000_0000u >> x;
                }
                ink[y] = bits;
            }
            text[col] = _byInk.GetValueOrDefault(InkKey(ink), '?');
        }
        return new string(text).TrimEnd();
    }

    private static string InkKey(ReadOnlySpan<uint> rows) => string.Join(',', rows.ToArray());
}
