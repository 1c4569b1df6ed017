namespace MuxActors.Vnc.Fonts;

/// <summary>
/// Box drawing (U+2500–U+257F) and block elements (U+2580–U+259F) drawn from their description, for fonts that lack
/// them: a box-drawing character is up to four arms from the cell's centre, each light, heavy or double.
/// </summary>
internal static class ProceduralGlyphs
{
    // For U+2500..U+257F: arms up, right, down, left; 0 none, 1 light, 2 heavy, 3 double. 'x' marks the diagonals.
    // Dashed lines are drawn solid, arcs as corners.
    private const string Arms =
        "0101" + "0202" + "1010" + "2020" + "0101" + "0202" + "1010" + "2020" +  // 2500-2507
        "0101" + "0202" + "1010" + "2020" + "0110" + "0210" + "0120" + "0220" +  // 2508-250F
        "0011" + "0012" + "0021" + "0022" + "1100" + "1200" + "2100" + "2200" +  // 2510-2517
        "1001" + "1002" + "2001" + "2002" + "1110" + "1210" + "2110" + "1120" +  // 2518-251F
        "2120" + "2210" + "1220" + "2220" + "1011" + "1012" + "2011" + "1021" +  // 2520-2527
        "2021" + "2012" + "1022" + "2022" + "0111" + "0112" + "0211" + "0212" +  // 2528-252F
        "0121" + "0122" + "0221" + "0222" + "1101" + "1102" + "1201" + "1202" +  // 2530-2537
        "2101" + "2102" + "2201" + "2202" + "1111" + "1112" + "1211" + "1212" +  // 2538-253F
        "2111" + "1121" + "2121" + "2112" + "2211" + "1122" + "1221" + "2212" +  // 2540-2547
        "1222" + "2122" + "2221" + "2222" + "0101" + "0202" + "1010" + "2020" +  // 2548-254F
        "0303" + "3030" + "0310" + "0130" + "0330" + "0013" + "0031" + "0033" +  // 2550-2557
        "1300" + "3100" + "3300" + "1003" + "3001" + "3003" + "1310" + "3130" +  // 2558-255F
        "3330" + "1013" + "3031" + "3033" + "0313" + "0131" + "0333" + "1303" +  // 2560-2567
        "3101" + "3303" + "1313" + "3131" + "3333" + "0110" + "0011" + "1001" +  // 2568-256F
        "1100" + "xxxx" + "xxxx" + "xxxx" + "0001" + "1000" + "0100" + "0010" +  // 2570-2577
        "0002" + "2000" + "0200" + "0020" + "0201" + "1020" + "0102" + "2010";   // 2578-257F

    /// <summary>The procedural glyphs for the code points <paramref name="map"/> lacks.</summary>
    public static IEnumerable<(int CodePoint, uint[] Rows)> Missing(IReadOnlyDictionary<int, int> map, int width, int height)
    {
        for (int cp = 0x2500; cp <= 0x259F; cp++)
        {
            if (!map.ContainsKey(cp))
                yield return (cp, Draw(cp, width, height));
        }
    }

    /// <summary>The glyph for <paramref name="codePoint"/> (box drawing or block element) at the given size.</summary>
    public static uint[] Draw(int codePoint, int width, int height)
    {
        var glyph = new Bitmap(width, height);
        if (codePoint >= 0x2580)
            DrawBlock(glyph, codePoint);
        else if (Arms[(codePoint - 0x2500) * 4] == 'x')
            DrawDiagonals(glyph, codePoint);
        else
        {
            int at = (codePoint - 0x2500) * 4;
            for (int arm = 0; arm < 4; arm++)
                DrawArm(glyph, arm, Arms[at + arm] - '0');
        }
        return glyph.Rows;
    }

    private static void DrawArm(Bitmap g, int arm, int weight)
    {
        if (weight == 0)
            return;
        int cx = (g.Width / 2) - 1, cy = (g.Height / 2) - 1;
        // Offsets across the arm: light one line, heavy two, double two lines a pixel apart.
        int[] across = weight switch { 1 => [0], 2 => [0, 1], _ => [-1, 1] };
        foreach (int d in across)
        {
            switch (arm)
            {
                case 0: g.Fill(cx + d, 0, 1, cy + 2); break;                    // up: top edge to just past the centre
                case 1: g.Fill(cx - 1, cy + d, g.Width - cx + 1, 1); break;     // right
                case 2: g.Fill(cx + d, cy - 1, 1, g.Height - cy + 1); break;    // down
                default: g.Fill(0, cy + d, cx + 2, 1); break;                   // left
            }
        }
    }

    private static void DrawDiagonals(Bitmap g, int codePoint)
    {
        for (int y = 0; y < g.Height; y++)
        {
            int x = y * g.Width / g.Height;
            if (codePoint != 0x2571)
                g.Fill(x, y, 1, 1);                  // ╲ upper left to lower right
            if (codePoint != 0x2572)
                g.Fill(g.Width - 1 - x, y, 1, 1);    // ╱ upper right to lower left
        }
    }

    private static void DrawBlock(Bitmap g, int cp)
    {
        int w = g.Width, h = g.Height;
        switch (cp)
        {
            case 0x2580: g.Fill(0, 0, w, h / 2); break;
            case >= 0x2581 and <= 0x2588:
                int rows = h * (cp - 0x2580) / 8;
                g.Fill(0, h - rows, w, rows);
                break;
            case >= 0x2589 and <= 0x258F:
                g.Fill(0, 0, w * (0x2590 - cp) / 8, h);
                break;
            case 0x2590: g.Fill(w / 2, 0, w - (w / 2), h); break;
            case >= 0x2591 and <= 0x2593: Shade(g, cp - 0x2590); break;
            case 0x2594: g.Fill(0, 0, w, Math.Max(1, h / 8)); break;
            case 0x2595: g.Fill(w - Math.Max(1, w / 8), 0, Math.Max(1, w / 8), h); break;
            default: Quadrants(g, QuadrantMasks[cp - 0x2596]); break;
        }
    }

    // U+2596..U+259F as quadrants: 1 upper left, 2 upper right, 4 lower left, 8 lower right.
    private static readonly int[] QuadrantMasks = [4, 8, 1, 1 | 4 | 8, 1 | 8, 1 | 2 | 4, 1 | 2 | 8, 2, 2 | 4, 2 | 4 | 8];

    private static void Quadrants(Bitmap g, int mask)
    {
        int hw = g.Width / 2, hh = g.Height / 2;
        if ((mask & 1) != 0) g.Fill(0, 0, hw, hh);
        if ((mask & 2) != 0) g.Fill(hw, 0, g.Width - hw, hh);
        if ((mask & 4) != 0) g.Fill(0, hh, hw, g.Height - hh);
        if ((mask & 8) != 0) g.Fill(hw, hh, g.Width - hw, g.Height - hh);
    }

    // Light, medium, dark shade: one pixel in four, two in four, three in four.
    private static void Shade(Bitmap g, int level)
    {
        for (int y = 0; y < g.Height; y++)
        {
            for (int x = 0; x < g.Width; x++)
            {
                bool on = level switch
                {
                    1 => (x % 2 == 0) && (y % 2 == 0),
                    2 => (x + y) % 2 == 0,
                    _ => !((x % 2 == 1) && (y % 2 == 1)),
                };
                if (on)
                    g.Fill(x, y, 1, 1);
            }
        }
    }

    private sealed class Bitmap(int width, int height)
    {
        public int Width => width;
        public int Height => height;
        public uint[] Rows { get; } = new uint[height];

        public void Fill(int x, int y, int w, int h)
        {
            for (int row = Math.Max(0, y); row < Math.Min(height, y + h); row++)
            {
                for (int col = Math.Max(0, x); col < Math.Min(width, x + w); col++)
                    Rows[row] |= 0x8000_0000u >> col;
            }
        }
    }
}
