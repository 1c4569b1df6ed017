using MuxActors.Vnc.Fonts;

namespace MuxActors.Vnc.Tests;

public sealed class FontTests
{
    [Fact]
    public void A_gzipped_psf2_font_maps_code_points_through_its_unicode_table()
    {
        var font = PsfFont.Parse(TestFonts.Psf2Ascii(gzip: true, 0x3A9));
        Assert.Equal((8, 16), (font.Width, font.Height));
        Assert.Equal(Rows(TestFonts.GlyphOf('A')), font.Glyph('A').ToArray());
        Assert.Equal(Rows(TestFonts.GlyphOf(0x3A9)), font.Glyph(0x3A9).ToArray());     // Ω, from the table
        Assert.Equal(Rows(TestFonts.GlyphOf(0xFFFD)), font.Glyph(0x4E00).ToArray());  // unknown: the replacement glyph
    }

    [Fact]
    public void A_psf1_font_with_a_unicode_table_is_read()
    {
        var raw = new List<byte> { 0x36, 0x04, 0x02, 16 };
        for (int g = 0; g < 256; g++)
            raw.AddRange(TestFonts.GlyphOf(g));
        for (int g = 0; g < 256; g++)
        {
            // glyph g stands for code point g, glyph 1 also for U+263A (☺)
            raw.AddRange([(byte)g, 0]);
            if (g == 1)
                raw.AddRange([0x3A, 0x26]);
            raw.AddRange([0xFF, 0xFF]);
        }
        var font = PsfFont.Parse(raw.ToArray());
        Assert.Equal(Rows(TestFonts.GlyphOf(1)), font.Glyph(0x263A).ToArray());
        Assert.Equal(Rows(TestFonts.GlyphOf('x')), font.Glyph('x').ToArray());
    }

    [Fact]
    public void Box_drawing_and_block_elements_the_font_lacks_are_drawn()
    {
        var font = TestFonts.Ascii();
        Assert.True(font.Has(0x2500) && font.Has(0x2588) && font.Has(0x256C));
        Assert.All(font.Glyph(0x2588).ToArray(), row => Assert.Equal(0xFF00_0000u, row));            // █ full block
        var upperHalf = font.Glyph(0x2580).ToArray();
        Assert.All(upperHalf[..8], row => Assert.Equal(0xFF00_0000u, row));
        Assert.All(upperHalf[8..], row => Assert.Equal(0u, row));
        var horizontal = font.Glyph(0x2500).ToArray();                                                // ─: one full row
        Assert.Single(horizontal, row => row == 0xFF00_0000u);
        Assert.Equal(15, horizontal.Count(row => row == 0));
        var vertical = font.Glyph(0x2502).ToArray();                                                  // │: one column, every row
        Assert.All(vertical, row => Assert.Equal(0x1000_0000u, row));
        var corner = font.Glyph(0x250C).ToArray();                                                    // ┌: nothing above the centre
        Assert.All(corner[..6], row => Assert.Equal(0u, row));
        Assert.All(corner[8..], row => Assert.NotEqual(0u, row));
    }

    [Fact]
    public void Bad_files_and_missing_fonts_are_clear_errors()
    {
        var notFont = Assert.Throws<InvalidDataException>(() => PsfFont.Parse("hello, world"u8, "x.txt"));
        Assert.Contains("'x.txt' is not a PSF font", notFont.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => PsfFont.Parse(TestFonts.Psf2Ascii().AsSpan(0, 100)));
        var missing = Assert.Throws<FileNotFoundException>(() => FontLocator.Locate("/nonexistent/font.psf"));
        Assert.Contains("/nonexistent/font.psf", missing.Message, StringComparison.Ordinal);
        var none = Assert.Throws<FileNotFoundException>(() => FontLocator.Locate(null, ["/nonexistent/consolefonts"]));
        Assert.Contains("console-setup-linux", none.Message, StringComparison.Ordinal);
        Assert.Contains("font = PATH", none.Message, StringComparison.Ordinal);
    }

    [DefaultFontFact]
    public void The_debian_default_font_loads()
    {
        string path = FontLocator.Locate(null);
        var font = FontLocator.Load(null);
        Assert.Equal((8, 16, path), (font.Width, font.Height, font.Source));
        Assert.NotEqual(font.Glyph('A').ToArray(), font.Glyph('B').ToArray());
        Assert.NotEqual(font.Glyph(' ').ToArray(), font.Glyph(0x2500).ToArray());
    }

    private static uint[] Rows(byte[] glyph) => [.. glyph.Select(b => (uint)b << 24)];
}

/// <summary>A fact that needs Debian's default console font; skipped, naming the package, without it.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DefaultFontFactAttribute : FactAttribute
{
    public DefaultFontFactAttribute()
    {
        if (!FontLocator.SearchFolders.Any(f => File.Exists(Path.Combine(f, FontLocator.DefaultFontName))))
            Skip = "console-setup-linux not installed (apt-get install console-setup-linux)";
    }
}
