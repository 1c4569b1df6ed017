namespace MuxActors.Posix;

/// <summary>A terminal window size in character cells (struct winsize without the pixel fields).</summary>
/// <param name="Rows">Rows (lines).</param>
/// <param name="Columns">Columns.</param>
public readonly record struct WindowSize(ushort Rows, ushort Columns)
{
    /// <summary>80 columns by 24 rows, the classic default.</summary>
    public static WindowSize Default { get; } = new(24, 80);

    /// <summary>Formats as "rows x columns".</summary>
    /// <returns>For example "24x80".</returns>
    public override string ToString() => $"{Rows}x{Columns}";
}
