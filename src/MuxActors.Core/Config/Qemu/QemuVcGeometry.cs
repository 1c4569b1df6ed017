using System.Globalization;

namespace MuxActors.Core.Config.Qemu;

/// <summary>
/// The keys of QEMU's <c>vc</c>: the console's size as <c>cols=</c>/<c>rows=</c> (cells) or <c>width=</c>/<c>height=</c>
/// (pixels of 8×16 cells, rounded down to whole cells), and our extension <c>listen=</c> (where viewers connect).
/// As in QEMU, a pixel size wins over a cell count given beside it.
/// </summary>
internal static class QemuVcGeometry
{
    // The vc kind's limits (VcOptions): 2 to 512 columns, 1 to 256 rows.
    private const int CellWidth = 8;
    private const int CellHeight = 16;
    private const int MaxCols = 512;
    private const int MaxRows = 256;

    public static void Translate(QemuOptions options, List<KeyValuePair<string, string>> fields)
    {
        var cols = Cells(options, "width", CellWidth, 2, MaxCols) ?? Count(options, "cols", 2, MaxCols);
        var rows = Cells(options, "height", CellHeight, 1, MaxRows) ?? Count(options, "rows", 1, MaxRows);
        if (cols is { } c)
            fields.Add(new("cols", c.ToString(CultureInfo.InvariantCulture)));
        if (rows is { } r)
            fields.Add(new("rows", r.ToString(CultureInfo.InvariantCulture)));
        if (options.Get("listen") is { } listen)
        {
            if (listen.Length == 0)
                throw new QemuOptionException("Parameter 'listen' expects an address and port such as 127.0.0.1:5900", "listen");
            fields.Add(new("listen", QemuChardev.Quote(listen)));
        }
    }

    private static int? Count(QemuOptions options, string key, int min, int max) => options.GetNumber(key) switch
    {
        null => null,
        var n when n >= (ulong)min && n <= (ulong)max => (int)n,
        _ => throw new QemuOptionException($"Parameter '{key}' expects a number from {min} to {max}", key),
    };

    private static int? Cells(QemuOptions options, string key, int cell, int minCells, int maxCells) => options.GetNumber(key) switch
    {
        null => null,
        var n when n >= (ulong)(minCells * cell) && n < (ulong)((maxCells + 1) * cell) => (int)n / cell,
        _ => throw new QemuOptionException(
            $"Parameter '{key}' expects a number of pixels from {minCells * cell} to {(maxCells * cell) + cell - 1} ({cell}-pixel cells, rounded down)", key),
    };
}
