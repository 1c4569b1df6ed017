namespace MuxActors.Terminal;

/// <summary>
/// The G0/G1 designations (US ASCII or DEC Special Graphics) and which one is shifted in
/// (SI selects G0, SO selects G1). G2/G3 and national sets are not modelled.
/// </summary>
internal readonly record struct Charsets(bool G0Graphics, bool G1Graphics, bool ShiftOut)
{
    /// <summary>True when printing goes through the DEC Special Graphics table.</summary>
    public bool GraphicsActive => ShiftOut ? G1Graphics : G0Graphics;

    // DEC Special Graphics 0x5F–0x7E as Unicode (the VT100 line-drawing set).
    private static readonly int[] SpecialGraphics =
    [
        0x00A0, 0x25C6, 0x2592, 0x2409, 0x240C, 0x240D, 0x240A, 0x00B0, 0x00B1, 0x2424, 0x240B, 0x2518,
        0x2510, 0x250C, 0x2514, 0x253C, 0x23BA, 0x23BB, 0x2500, 0x23BC, 0x23BD, 0x251C, 0x2524, 0x2534,
        0x252C, 0x2502, 0x2264, 0x2265, 0x03C0, 0x2260, 0x00A3, 0x00B7,
    ];

    /// <summary>What <paramref name="codePoint"/> prints as under the active set.</summary>
    public int Map(int codePoint) =>
        GraphicsActive && codePoint is >= 0x5F and <= 0x7E ? SpecialGraphics[codePoint - 0x5F] : codePoint;
}

/// <summary>What DECSC (ESC 7, CSI s, ?1048, ?1049) saves and DECRC restores.</summary>
internal readonly record struct SavedCursor(
    bool Valid, int Row, int Col, bool WrapPending, CellStyle Pen, bool OriginMode, Charsets Charsets);
