namespace MuxActors.Vnc.Rendering;

/// <summary>
/// What one <see cref="ScreenRenderer.Render"/> changed in the framebuffer, in cells: first the row moves (scrolls,
/// to be sent as CopyRect), in order, then the changed cell spans in final coordinates, and the bells rung.
/// </summary>
/// <param name="Moves">Row moves as the screen reported them (rows Top..Bottom up by Lines; down when negative).</param>
/// <param name="Spans">Changed cells: row, first column, column past the last.</param>
/// <param name="Bells">BEL characters received.</param>
public sealed record FrameDamage(IReadOnlyList<Terminal.ScrollMove> Moves, IReadOnlyList<CellSpan> Spans, int Bells)
{
    /// <summary>True when nothing changed.</summary>
    public bool IsEmpty => Moves.Count == 0 && Spans.Count == 0 && Bells == 0;
}

/// <summary>Cells <paramref name="Start"/> up to <paramref name="End"/> (exclusive) of <paramref name="Row"/>.</summary>
/// <param name="Row">Screen row.</param>
/// <param name="Start">First column.</param>
/// <param name="End">Column past the last.</param>
public readonly record struct CellSpan(int Row, int Start, int End);
