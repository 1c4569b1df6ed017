namespace MuxActors.Terminal;

/// <summary>How a <see cref="TerminalColor"/> names its colour.</summary>
public enum ColorKind : byte
{
    /// <summary>The terminal's default foreground or background.</summary>
    Default = 0,
    /// <summary>An entry of the 256-colour palette (0–15 are the classic 16 colours).</summary>
    Indexed = 1,
    /// <summary>A 24-bit true colour, kept as sent.</summary>
    Rgb = 2,
}

/// <summary>
/// A cell colour: default, palette index or RGB, packed in one <see cref="uint"/>
/// (kind in bits 24–25, payload below) so cells stay small and compare by value.
/// </summary>
public readonly record struct TerminalColor
{
    private readonly uint _packed;

    private TerminalColor(uint packed) => _packed = packed;

    /// <summary>The default colour (the zero value).</summary>
    public static TerminalColor Default => default;

    /// <summary>A palette entry, 0–255.</summary>
    public static TerminalColor FromIndex(byte index) => new((1u << 24) | index);

    /// <summary>A true colour.</summary>
    public static TerminalColor FromRgb(byte r, byte g, byte b) => new((2u << 24) | ((uint)r << 16) | ((uint)g << 8) | b);

    /// <summary>A true colour from <c>0xRRGGBB</c>.</summary>
    public static TerminalColor FromRgb(uint rgb) => new((2u << 24) | (rgb & 0xFFFFFF));

    /// <summary>Which form the colour takes.</summary>
    public ColorKind Kind => (ColorKind)(_packed >> 24);

    /// <summary>The palette index; meaningful when <see cref="Kind"/> is <see cref="ColorKind.Indexed"/>.</summary>
    public byte Index => (byte)_packed;

    /// <summary>The colour as <c>0xRRGGBB</c>; meaningful when <see cref="Kind"/> is <see cref="ColorKind.Rgb"/>.</summary>
    public uint Rgb => _packed & 0xFFFFFF;

    /// <summary>True for the default colour.</summary>
    public bool IsDefault => _packed == 0;

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        ColorKind.Indexed => $"#{Index}",
        ColorKind.Rgb => $"rgb({Rgb:X6})",
        _ => "default",
    };
}
