namespace MuxActors.Hocon;

/// <summary>
/// A node of a HOCON value tree: a <see cref="HoconObject"/>, a <see cref="HoconArray"/> or a
/// <see cref="HoconScalar"/>. Trees returned by <see cref="HoconParser"/> are fully resolved and
/// must be treated as immutable.
/// </summary>
public abstract class HoconValue
{
    // Only this assembly derives from HoconValue: the parser also builds unresolved nodes
    // (substitutions, concatenations, merge stacks) that never escape a resolved tree.
    // The position is stored inline and the HoconOrigin record is made on first use: a large
    // document has one value per field, and most origins are never looked at.
    private readonly string? _file;
    private readonly int _line;
    private readonly int _column;
    private HoconOrigin? _origin;

    private protected HoconValue(SourcePos pos)
    {
        _file = pos.File;
        _line = pos.Line;
        _column = pos.Column;
    }

    /// <summary>Where this value was written.</summary>
    public HoconOrigin Origin => _origin ??= new HoconOrigin(_file, _line, _column);

    internal SourcePos Pos => new(_file, _line, _column);

    /// <summary>A short noun for error messages: <c>object</c>, <c>array</c>, <c>string</c>, <c>number</c>, <c>boolean</c> or <c>null</c>.</summary>
    public abstract string TypeName { get; }

    /// <summary>Renders the value as compact JSON (unresolved parts, which never appear in a resolved tree, render as <c>${...}</c>).</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        HoconRenderer.Render(this, sb);
        return sb.ToString();
    }
}

/// <summary>A position without an allocation; converts from <see cref="HoconOrigin"/>.</summary>
internal readonly record struct SourcePos(string? File, int Line, int Column)
{
    public static implicit operator SourcePos(HoconOrigin origin) => new(origin.File, origin.Line, origin.Column);
}
