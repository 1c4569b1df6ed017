namespace MuxActors.Terminal;

/// <summary>
/// Rows <see cref="Top"/>..<see cref="Bottom"/> (inclusive, 0-based) moved up by
/// <see cref="Lines"/> (down when negative): a renderer copies the rows that stay inside the
/// span; the rows uncovered are reported dirty.
/// </summary>
/// <param name="Top">First row of the moved span.</param>
/// <param name="Bottom">Last row of the moved span.</param>
/// <param name="Lines">Rows moved up; negative for down.</param>
public readonly record struct ScrollMove(int Top, int Bottom, int Lines);

/// <summary>
/// What changed on a <see cref="Screen"/> since the last <see cref="Screen.TakeDamage"/>.
/// To bring an old picture up to date: apply <see cref="Scrolls"/> in order, then redraw
/// every row in <see cref="DirtyRows"/> (all rows when <see cref="FullRedraw"/>).
/// Dirty rows are in final coordinates.
/// </summary>
public sealed class ScreenDamage
{
    private readonly int[] _dirtyRows;

    internal ScreenDamage(bool fullRedraw, ScrollMove[] scrolls, int[] dirtyRows, bool cursorChanged, int bells)
    {
        FullRedraw = fullRedraw;
        Scrolls = scrolls;
        _dirtyRows = dirtyRows;
        CursorChanged = cursorChanged;
        Bells = bells;
    }

    /// <summary>True when the whole screen must be redrawn (and <see cref="Scrolls"/> is empty).</summary>
    public bool FullRedraw { get; }

    /// <summary>Moves to apply first, oldest first.</summary>
    public IReadOnlyList<ScrollMove> Scrolls { get; }

    /// <summary>Rows to redraw after the moves, ascending (every row when <see cref="FullRedraw"/>).</summary>
    public IReadOnlyList<int> DirtyRows => _dirtyRows;

    /// <summary>True when the cursor's position or visibility differs from the last take.</summary>
    public bool CursorChanged { get; }

    /// <summary>BEL characters received since the last take.</summary>
    public int Bells { get; }

    /// <summary>True when nothing at all changed.</summary>
    public bool IsEmpty => !FullRedraw && Scrolls.Count == 0 && DirtyRows.Count == 0 && !CursorChanged && Bells == 0;

    /// <summary>True when <paramref name="row"/> must be redrawn.</summary>
    public bool IsRowDirty(int row) => FullRedraw || Array.BinarySearch(_dirtyRows, row) >= 0;
}
