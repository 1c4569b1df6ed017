using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace MuxActors.Terminal;

/// <summary>
/// One screen cell: the base code point of what is drawn there, its width and its style.
/// A wide (East Asian) character takes two cells: a lead with <see cref="Width"/> 2
/// and a continuation with width 0 and code point 0. A blank cell holds a space.
/// </summary>
public readonly struct Cell : IEquatable<Cell>
{
    // Fields laid out flat (not a nested CellStyle) so a cell is 16 bytes.
    private readonly int _codePoint;
    private readonly TerminalColor _foreground;
    private readonly TerminalColor _background;
    private readonly CellFlags _flags;
    private readonly byte _width;

    /// <summary>A cell holding <paramref name="codePoint"/> with <paramref name="width"/> (0, 1 or 2).</summary>
    public Cell(int codePoint, int width, CellStyle style)
    {
        _codePoint = codePoint;
        _width = (byte)width;
        _foreground = style.Foreground;
        _background = style.Background;
        _flags = style.Flags;
    }

    /// <summary>A blank cell (a space) with <paramref name="style"/>.</summary>
    public static Cell Blank(CellStyle style) => new(' ', 1, style);

    /// <summary>The continuation half of a wide character.</summary>
    internal static Cell Continuation(CellStyle style) => new(0, 0, style);

    /// <summary>
    /// Writes <paramref name="text"/> (printable ASCII) into <paramref name="cells"/>, one cell a byte, in
    /// <paramref name="style"/>: the print path's inner loop while output floods. Each cell is one 16-byte store of
    /// the style's bytes with the code point put in; built field by field, a cell cost about 3 ns, which was most of
    /// the time the screen model spent on plain text.
    /// </summary>
    internal static void WriteAscii(Span<Cell> cells, ReadOnlySpan<byte> text, CellStyle style)
    {
        if (!s_codePointFirst)
        {
            for (int i = 0; i < cells.Length && i < text.Length; i++)
                cells[i] = new Cell(text[i], 1, style);
            return;
        }
        Cell template = new(0, 1, style);
        Vector128<int> pattern = Unsafe.As<Cell, Vector128<int>>(ref template);
        Span<Vector128<int>> slots = MemoryMarshal.Cast<Cell, Vector128<int>>(cells);
        for (int i = 0; i < slots.Length && i < text.Length; i++)
            slots[i] = pattern.WithElement(0, text[i]);
    }

    // The layout WriteAscii relies on: 16 bytes, the code point in the first four (checked, not assumed).
    private static readonly bool s_codePointFirst = CodePointFirst();

    private static bool CodePointFirst()
    {
        Cell probe = new(0x10FFFF, 1, new CellStyle(TerminalColor.FromRgb(0xFFFFFF), TerminalColor.FromIndex(7), CellFlags.Bold));
        return Unsafe.SizeOf<Cell>() == 16 && Unsafe.As<Cell, int>(ref probe) == 0x10FFFF;
    }

    /// <summary>The Unicode scalar drawn here; a space when blank, 0 on a wide character's continuation.</summary>
    public int CodePoint => _codePoint;

    /// <summary>1 for a normal cell, 2 for the lead of a wide character, 0 for its continuation.</summary>
    public int Width => _width;

    /// <summary>The colours and rendition.</summary>
    public CellStyle Style => new(_foreground, _background, _flags);

    /// <summary>The foreground colour.</summary>
    public TerminalColor Foreground => _foreground;

    /// <summary>The background colour.</summary>
    public TerminalColor Background => _background;

    /// <summary>The rendition flags.</summary>
    public CellFlags Flags => _flags;

    /// <summary>True for a continuation cell of a wide character.</summary>
    public bool IsContinuation => _width == 0;

    /// <summary>The character as a string ("" for a continuation).</summary>
    public string Text => _width == 0 ? "" : (Rune.TryCreate(_codePoint, out Rune rune) ? rune : Rune.ReplacementChar).ToString();

    /// <inheritdoc/>
    public bool Equals(Cell other) => _codePoint == other._codePoint && _width == other._width
        && _foreground == other._foreground && _background == other._background && _flags == other._flags;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Cell other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_codePoint, _width, _foreground, _background, _flags);

    /// <summary>Value equality.</summary>
    public static bool operator ==(Cell left, Cell right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Cell left, Cell right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => $"'{Text}' w{_width} {Style}";
}
