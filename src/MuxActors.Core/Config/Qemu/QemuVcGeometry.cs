using System.Globalization;

namespace MuxActors.Core.Config.Qemu;

/// <summary>
/// The keys of QEMU's <c>vc</c>: the console's size as <c>cols=</c>/<c>rows=</c> (cells) or <c>width=</c>/<c>height=</c>
/// (pixels of 8×16 cells, rounded down to whole cells), and our extensions <c>listen=</c> (where VNC viewers connect)
/// and <c>web=</c> (where the noVNC page is served).
/// As in QEMU, a pixel size wins over a cell count given beside it.
/// </summary>
internal static class QemuVcGeometry
{
    // The vc kind's limits (VcOptions): 2 to 512 columns, 1 to 256 rows.
    private const int CellWidth = 8;
    private const int CellHeight = 16;
    private const int MaxCols = 512;
    private const int MaxRows = 256;

    // Our extensions: where VNC viewers connect, where the noVNC page is served.
    private static readonly (string Key, string Example)[] s_addresses = [("listen", "127.0.0.1:5900"), ("web", "127.0.0.1:7681")];

    public static void Translate(QemuOptions options, List<KeyValuePair<string, string>> fields)
    {
        var cols = Cells(options, "width", CellWidth, 2, MaxCols) ?? Count(options, "cols", 2, MaxCols);
        var rows = Cells(options, "height", CellHeight, 1, MaxRows) ?? Count(options, "rows", 1, MaxRows);
        if (cols is { } c)
            fields.Add(new("cols", c.ToString(CultureInfo.InvariantCulture)));
        if (rows is { } r)
            fields.Add(new("rows", r.ToString(CultureInfo.InvariantCulture)));
        foreach (var (key, example) in s_addresses)
        {
            if (options.Get(key) is not { } address)
                continue;
            if (address.Length == 0)
                throw new QemuOptionException($"Parameter '{key}' expects an address and port such as {example}", key);
            fields.Add(new(key, QemuChardev.Quote(address)));
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
