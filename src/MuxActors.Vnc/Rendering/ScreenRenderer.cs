using System.Runtime.Intrinsics;
using MuxActors.Terminal;
using MuxActors.Vnc.Fonts;

namespace MuxActors.Vnc.Rendering;

/// <summary>
/// Draws a <see cref="Screen"/> into a <see cref="Framebuffer"/> with a bitmap font, one cell per glyph: bold as the
/// bright colour, reverse, dim, invisible, underline and strikethrough, and a visible cursor as a reversed cell.
/// Damage-driven: <see cref="Render"/> applies the screen's scrolls as row moves, then redraws only the cells that
/// differ from what was drawn last (the cursor included), and says what it changed.
/// </summary>
/// <remarks>Not thread-safe: the owner of the screen calls it.</remarks>
public sealed class ScreenRenderer
{
    private const byte Stale = 0, Drawn = 1, DrawnWithCursor = 2;

    // The glyph-row bit of each of eight pixels, leftmost first (bit 31 is the leftmost pixel).
    private static readonly Vector256<uint> s_pixelBits = Vector256.Create(
        0x8000_0000u, 0x4000_0000u, 0x2000_0000u, 0x1000_0000u, 0x0800_0000u, 0x0400_0000u, 0x0200_0000u, 0x0100_0000u);

    private readonly Screen _screen;
    private readonly PsfFont _font;
    private readonly Cell[] _drawn;
    private readonly byte[] _state;
    private readonly List<CellSpan> _spans = [];

    /// <summary>A renderer of <paramref name="screen"/> with <paramref name="font"/>; everything is drawn at the first <see cref="Render"/>.</summary>
    public ScreenRenderer(Screen screen, PsfFont font)
    {
        _screen = screen;
        _font = font;
        Framebuffer = new Framebuffer(screen.Cols * font.Width, screen.Rows * font.Height);
        _drawn = new Cell[screen.Cols * screen.Rows];
        _state = new byte[screen.Cols * screen.Rows];
    }

    /// <summary>The picture.</summary>
    public Framebuffer Framebuffer { get; }

    /// <summary>Cell width in pixels.</summary>
    public int CellWidth => _font.Width;

    /// <summary>Cell height in pixels.</summary>
    public int CellHeight => _font.Height;

    /// <summary>Brings the picture up to date with the screen and returns what changed.</summary>
    public FrameDamage Render()
    {
        ScreenDamage damage = _screen.TakeDamage();
        var moves = new List<ScrollMove>(damage.Scrolls.Count);
        if (damage.FullRedraw)
            Array.Clear(_state);
        // When every row changed (output flooding by faster than updates), moving them first is no use: each row is
        // then compared with what was drawn at its place instead, which costs no more, and output whose lines look
        // alike (numbered lines, log lines) redraws and sends only the cells that differ, not whole rows.
        bool everyRow = damage.DirtyRows.Count == _screen.Rows;
        foreach (ScrollMove move in everyRow ? Array.Empty<ScrollMove>() : damage.Scrolls)
        {
            if (ApplyMove(move))
                moves.Add(move);
        }
        _spans.Clear();
        int cursorRow = _screen.CursorVisible ? _screen.CursorRow : -1;
        for (int row = 0; row < _screen.Rows; row++)
            RenderRow(row, row == cursorRow ? _screen.CursorCol : -1);
        return new FrameDamage(moves, [.. _spans], damage.Bells);
    }

    // Moves pixels and what was drawn; rows uncovered keep stale pixels and are marked stale, so they are redrawn
    // and reported (a viewer's copy of them may differ from ours).
    private bool ApplyMove(ScrollMove move)
    {
        int span = move.Bottom - move.Top + 1;
        int lines = Math.Abs(move.Lines);
        if (lines == 0 || span <= 0)
            return false;
        int cols = _screen.Cols, h = _font.Height;
        if (lines < span)
        {
            int from = move.Lines > 0 ? move.Top + lines : move.Top;
            int to = move.Lines > 0 ? move.Top : move.Top + lines;
            int count = span - lines;
            Framebuffer.MoveRows(from * h, to * h, count * h);
            Array.Copy(_drawn, from * cols, _drawn, to * cols, count * cols);
            Array.Copy(_state, from * cols, _state, to * cols, count * cols);
        }
        int uncoveredTop = move.Lines > 0 ? Math.Max(move.Top, move.Bottom - lines + 1) : move.Top;
        int uncovered = Math.Min(lines, span);
        Array.Clear(_state, uncoveredTop * cols, uncovered * cols);
        return lines < span;
    }

    private void RenderRow(int row, int cursorCol)
    {
        ReadOnlySpan<Cell> cells = _screen.Row(row);
        int cols = _screen.Cols, first = -1, last = -1;
        for (int col = 0; col < cols; col++)
        {
            int at = (row * cols) + col;
            byte want = col == cursorCol ? DrawnWithCursor : Drawn;
            if (_state[at] == want && _drawn[at] == cells[col])
                continue;
            _drawn[at] = cells[col];
            _state[at] = want;
            DrawCell(row, col, cells[col], want == DrawnWithCursor);
            if (first < 0)
                first = col;
            last = col;
        }
        if (first >= 0)
            _spans.Add(new CellSpan(row, first, last + 1));
    }

    private void DrawCell(int row, int col, Cell cell, bool cursor)
    {
        (uint fg, uint bg) = Colors(cell, cursor);
        ReadOnlySpan<uint> glyph = _font.Glyph(cell.Width == 0 ? ' ' : cell.CodePoint);
        int w = _font.Width, h = _font.Height;
        int underline = cell.Flags.HasFlag(CellFlags.Underline) ? h - 2 : -1;
        int strike = cell.Flags.HasFlag(CellFlags.Strikethrough) ? h / 2 : -1;
        uint[] pixels = Framebuffer.Pixels;
        int stride = Framebuffer.Width;
        int origin = (row * h * stride) + (col * w);
        // Eight pixels at a time as one vector select (a whole row of the usual 8-wide font): a flood of output
        // redraws the whole screen for every update, and pixel by pixel that was most of the drawing's cost.
        int vectorWidth = Vector256.IsHardwareAccelerated ? w & ~7 : 0;
        Vector256<uint> fgv = Vector256.Create(fg), bgv = Vector256.Create(bg);
        for (int y = 0; y < h; y++)
        {
            uint bits = y == underline || y == strike ? uint.MaxValue : glyph[y];
            var line = pixels.AsSpan(origin + (y * stride), w);
            for (int x = 0; x < vectorWidth; x += 8)
            {
                Vector256<uint> lit = Vector256.Create(bits << x) & s_pixelBits;
                Vector256.ConditionalSelect(Vector256.Equals(lit, Vector256<uint>.Zero), bgv, fgv).CopyTo(line[x..]);
            }
            for (int x = vectorWidth; x < w; x++)
                line[x] = (bits & (0x8000_0000u >> x)) != 0 ? fg : bg;
        }
    }

    /// <summary>The foreground and background a cell is drawn with.</summary>
    internal static (uint Foreground, uint Background) Colors(Cell cell, bool cursor)
    {
        CellFlags flags = cell.Flags;
        TerminalColor color = cell.Foreground;
        bool bold = flags.HasFlag(CellFlags.Bold);
        // Bold as bright, as the Linux console does: colours 0-7 become 8-15, the default foreground bright white.
        uint fg = bold && color.Kind == ColorKind.Indexed && color.Index < 8 ? Palette.IndexToRgb((byte)(color.Index + 8))
            : bold && color.IsDefault ? Palette.IndexToRgb(15)
            : Palette.ToRgb(color, foreground: true);
        uint bg = Palette.ToRgb(cell.Background, foreground: false);
        if (flags.HasFlag(CellFlags.Dim))
            fg = (fg >> 1) & 0x7F7F7F;
        if (flags.HasFlag(CellFlags.Reverse) != cursor)
            (fg, bg) = (bg, fg);
        if (flags.HasFlag(CellFlags.Invisible))
            fg = bg;
        return (fg, bg);
    }
}
