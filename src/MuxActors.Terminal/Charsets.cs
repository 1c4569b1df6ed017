namespace MuxActors.Terminal;

/// <summary>The 94-character sets G0 and G1 can hold.</summary>
internal enum CharacterSet : byte
{
    /// <summary>US ASCII (<c>B</c>), the default.</summary>
    Ascii = 0,
    /// <summary>DEC Special Graphics (<c>0</c>): line drawing.</summary>
    DecGraphics,
    /// <summary>British (<c>A</c>): ASCII with £ for #; vttest's character-set screens use it.</summary>
    British,
}

/// <summary>
/// The G0/G1 designations and which one is shifted in (SI selects G0, SO selects G1).
/// G2/G3 and the other national sets are not modelled.
/// </summary>
internal readonly record struct Charsets(CharacterSet G0, CharacterSet G1, bool ShiftOut)
{
    /// <summary>The set printing goes through.</summary>
    public CharacterSet Active => ShiftOut ? G1 : G0;

    /// <summary>True when printable ASCII may print as something else.</summary>
    public bool MappingActive => Active != CharacterSet.Ascii;

    /// <summary>The set a designation's final byte names (unknown ones are taken as ASCII).</summary>
    public static CharacterSet FromFinal(byte final) => final switch
    {
        (byte)'0' => CharacterSet.DecGraphics,
        (byte)'A' => CharacterSet.British,
        _ => CharacterSet.Ascii,
    };

    /// <summary>The final byte that designates <paramref name="set"/>.</summary>
    public static char FinalOf(CharacterSet set) => set switch
    {
        CharacterSet.DecGraphics => '0',
        CharacterSet.British => 'A',
        _ => 'B',
    };

    // DEC Special Graphics 0x5F–0x7E as Unicode (the VT100 line-drawing set).
    private static readonly int[] SpecialGraphics =
    [
        0x00A0, 0x25C6, 0x2592, 0x2409, 0x240C, 0x240D, 0x240A, 0x00B0, 0x00B1, 0x2424, 0x240B, 0x2518,
        0x2510, 0x250C, 0x2514, 0x253C, 0x23BA, 0x23BB, 0x2500, 0x23BC, 0x23BD, 0x251C, 0x2524, 0x2534,
        0x252C, 0x2502, 0x2264, 0x2265, 0x03C0, 0x2260, 0x00A3, 0x00B7,
    ];

    /// <summary>What <paramref name="codePoint"/> prints as under the active set.</summary>
    public int Map(int codePoint) => Active switch
    {
        CharacterSet.DecGraphics when codePoint is >= 0x5F and <= 0x7E => SpecialGraphics[codePoint - 0x5F],
        CharacterSet.British when codePoint == '#' => 0xA3,
        _ => codePoint,
    };
}

/// <summary>What DECSC (ESC 7, CSI s, ?1048, ?1049) saves and DECRC restores.</summary>
internal readonly record struct SavedCursor(
    bool Valid, int Row, int Col, bool WrapPending, CellStyle Pen, bool OriginMode, Charsets Charsets);
