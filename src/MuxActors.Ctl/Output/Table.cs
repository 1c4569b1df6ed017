namespace MuxActors.Ctl.Output;

/// <summary>A plain text table: a header row and left-aligned columns padded to their widest cell.</summary>
internal sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    /// <summary>Adds a row (missing cells are blank).</summary>
    public void Add(params string[] cells) => _rows.Add(cells);

    /// <summary>Writes the table to <paramref name="writer"/>.</summary>
    public void WriteTo(TextWriter writer)
    {
        var widths = headers.Select((h, i) => _rows.Select(r => i < r.Length ? r[i].Length : 0).Prepend(h.Length).Max()).ToArray();
        foreach (var row in _rows.Prepend(headers))
        {
            var cells = widths.Select((w, i) => (i < row.Length ? row[i] : "").PadRight(i == widths.Length - 1 ? 0 : w));
            writer.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }
}
