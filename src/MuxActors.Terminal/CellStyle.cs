namespace MuxActors.Terminal;

/// <summary>The rendition flags SGR sets on a cell.</summary>
[Flags]
public enum CellFlags : ushort
{
    /// <summary>No rendition.</summary>
    None = 0,
    /// <summary>SGR 1.</summary>
    Bold = 1 << 0,
    /// <summary>SGR 2 (faint).</summary>
    Dim = 1 << 1,
    /// <summary>SGR 3.</summary>
    Italic = 1 << 2,
    /// <summary>SGR 4 (and 21, and the 4:x underline styles).</summary>
    Underline = 1 << 3,
    /// <summary>SGR 5 or 6.</summary>
    Blink = 1 << 4,
    /// <summary>SGR 7.</summary>
    Reverse = 1 << 5,
    /// <summary>SGR 8 (concealed).</summary>
    Invisible = 1 << 6,
    /// <summary>SGR 9.</summary>
    Strikethrough = 1 << 7,
}

/// <summary>A cell's colours and rendition: what SGR sets (the "pen").</summary>
/// <param name="Foreground">The foreground colour.</param>
/// <param name="Background">The background colour.</param>
/// <param name="Flags">Bold, underline, reverse and the rest.</param>
public readonly record struct CellStyle(TerminalColor Foreground, TerminalColor Background, CellFlags Flags)
{
    /// <summary>Default colours, no rendition.</summary>
    public static CellStyle Default => default;

    /// <summary>True when <paramref name="flag"/> is set.</summary>
    public bool Has(CellFlags flag) => (Flags & flag) == flag;

    /// <summary>The style erased cells take: only the background survives (xterm's background colour erase).</summary>
    public CellStyle ForErase() => new(TerminalColor.Default, Background, CellFlags.None);
}
