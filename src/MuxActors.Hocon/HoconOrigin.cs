using System.Globalization;

namespace MuxActors.Hocon;

/// <summary>
/// Where a value, or an error, comes from: a file (or the origin name given to a parsed string)
/// and a 1-based line and column. Columns count UTF-16 code units; a tab counts as one.
/// </summary>
/// <param name="File">The file path or origin name; <see langword="null"/> for an unnamed string.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
public sealed record HoconOrigin(string? File, int Line, int Column)
{
    /// <summary>Renders the origin as <c>file:line:col</c>, or <c>&lt;string&gt;:line:col</c> when there is no file.</summary>
    /// <returns>The rendered origin.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{File ?? "<string>"}:{Line}:{Column}");
}
