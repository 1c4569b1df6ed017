using System.Text;

namespace MuxActors.LoadTest.Vnc;

/// <summary>Bytes one viewer received for one case.</summary>
internal sealed record WireSample(string Case, string Encoding, long Bytes, int Updates);

/// <summary>
/// Bytes on the wire per screen of output, one decoding viewer per encoding (Raw, Hextile, ZRLE; each also takes
/// CopyRect), on the real service with the default font: (1) the unit test's screen of coloured text (24 rows,
/// bright colours on the digits) as a viewer that connects gets it, and (2) as the update that follows printing it
/// on a cleared screen; (3) ten screens of the text file scrolling by (<c>head -n 240</c>), per screen.
/// </summary>
internal sealed class WireCost(CellReader reader, TempDir dir, Func<int, string> fileLine)
{
    private static readonly (string Name, int Number)[] s_encodings = [("Raw", RfbViewer.Raw), ("Hextile", RfbViewer.Hextile), ("ZRLE", RfbViewer.Zrle)];

    public async Task<List<WireSample>> RunAsync(OutputRun.Target target, string textFile)
    {
        var samples = new List<WireSample>();
        string screenFile = dir.File("screen.txt");
        var screen = new StringBuilder("\u001b[H\u001b[2J");
        for (int row = 0; row < 24; row++)
            screen.Append(Fmt.I($"\u001b[{row + 1};1H{row:D2} the quick brown fox jumps over the lazy dog \u001b[1;3{row % 8}m0123456789\u001b[0m"));
        await File.WriteAllTextAsync(screenFile, screen.ToString());
        string lastScreenRow = "23 the quick brown fox jumps over the lazy dog 0123456789";

        var viewers = new List<RfbViewer>();
        try
        {
            foreach (var (_, number) in s_encodings)
                viewers.Add(await RfbViewer.ConnectAsync(target.VncEndPoint, number, decode: true, TimeSpan.FromSeconds(30)));
            await KeystrokeRun.Until(() => viewers.All(v => v.Updates > 0), () => "no first update");

            // (2) printed on a cleared screen: the incremental update(s) until the last row shows.
            var before = viewers.Select(v => (v.BytesRead, v.Updates)).ToList();
            await target.Shell.SendAsync("cat " + screenFile);
            await KeystrokeRun.Until(() => viewers.All(v => reader.Row(v, 23).StartsWith(lastScreenRow, StringComparison.Ordinal)),
                () => "the screen of text did not show in every viewer");
            for (int i = 0; i < viewers.Count; i++)
                samples.Add(new WireSample("screen printed", s_encodings[i].Name, viewers[i].BytesRead - before[i].BytesRead, viewers[i].Updates - before[i].Updates));

            // (1) the same screen to viewers that connect now: their first update.
            foreach (var (name, number) in s_encodings)
            {
                await using var fresh = await RfbViewer.ConnectAsync(target.VncEndPoint, number, decode: true, TimeSpan.FromSeconds(30));
                await KeystrokeRun.Until(() => fresh.Updates > 0, () => "no first update");
                samples.Add(new WireSample("screen to a new viewer", name, fresh.BytesRead - fresh.HandshakeBytes, 1));
            }

            // (3) ten screens scrolling by: after the 240 lines, the row above the cursor's shows the last one.
            before = [.. viewers.Select(v => (v.BytesRead, v.Updates))];
            string last = fileLine(239).TrimEnd();
            await target.Shell.SendAsync("head -n 240 " + textFile);
            await KeystrokeRun.Until(() => viewers.All(v => reader.Row(v, 22) == last), () => "the 240th line did not show in every viewer");
            for (int i = 0; i < viewers.Count; i++)
                samples.Add(new WireSample("10 screens scrolled (per screen)", s_encodings[i].Name, (viewers[i].BytesRead - before[i].BytesRead) / 10, viewers[i].Updates - before[i].Updates));
        }
        finally
        {
            foreach (var viewer in viewers)
                await viewer.DisposeAsync();
        }
        return samples;
    }
}
