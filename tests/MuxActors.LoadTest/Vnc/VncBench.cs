using System.Globalization;
using System.Text;
using MuxActors.Vnc.Fonts;

namespace MuxActors.LoadTest.Vnc;

/// <summary>
/// The vc benchmark of issue 16 (docs/benchmarks.md, "The vc text console over VNC"): keystroke to pixels with 1 and
/// N viewers (ours and QEMU's vc), bytes on the wire per screen (Raw, Hextile, ZRLE), and the console's rate with N
/// viewers on a vc against the same mux without it. Started by run-vnc-benchmark.sh.
/// </summary>
internal static class VncBench
{
    public const string Flag = "vnc";
    private static readonly string[] s_allParts = ["keys", "qemu", "wire", "output"];

    public static async Task<int> RunAsync(string[] args)
    {
        int mib = 50, rounds = 5, keys = 200, viewerCount = 16, encoding = RfbViewer.Zrle;
        var parts = s_allParts.ToHashSet();
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            int number = value is not null && int.TryParse(value, CultureInfo.InvariantCulture, out int n) && n >= 0 ? n : -1;
            switch (args[i])
            {
                case "--mib" when number > 0: mib = number; break;
                case "--rounds" when number > 0: rounds = number; break;
                case "--keys" when number > 0: keys = number; break;
                case "--viewers" when number >= 0: viewerCount = number; break;   // 0: the vc's cost without viewers
                case "--encoding" when value is "zrle" or "hextile" or "raw":
                    encoding = value switch { "raw" => RfbViewer.Raw, "hextile" => RfbViewer.Hextile, _ => RfbViewer.Zrle };
                    break;
                case "--parts" when value is not null:
                    parts = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                    break;
                default:
                    Console.Error.WriteLine($"unknown or incomplete argument '{args[i]}'; usage: vnc [--mib 50] [--rounds 5] [--keys 200] [--viewers 16] [--encoding zrle|hextile|raw] [--parts {string.Join(',', s_allParts)}]");
                    return 2;
            }
            i++;
        }
        if (parts.Except(s_allParts).FirstOrDefault() is { } unknown)
        {
            Console.Error.WriteLine($"unknown part '{unknown}' (known: {string.Join(", ", s_allParts)})");
            return 2;
        }

        string fontPath;
        try
        {
            fontPath = FontLocator.Locate(null);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
        var reader = new CellReader(PsfFont.Load(fontPath));
        using var dir = new TempDir("vnc");
        string textFile = dir.File("big.txt");
        long fileBytes = WriteTextFile(textFile, mib);
        string encodingName = encoding switch { RfbViewer.Raw => "Raw", RfbViewer.Hextile => "Hextile", _ => "ZRLE" };
        Console.WriteLine(Fmt.I($"# vc benchmark: parts {string.Join(",", parts)}; {keys} keys; {viewerCount} viewers ({encodingName} + CopyRect); {mib} MiB ({fileBytes} bytes), {rounds} rounds; font {fontPath}; load {Load()}"));

        var report = new StringBuilder();
        if (parts.Contains("keys") || parts.Contains("qemu"))
            report.Append(await KeystrokesAsync(dir, reader, keys, viewerCount, encoding, parts.Contains("keys"), parts.Contains("qemu")));
        if (parts.Contains("wire") || parts.Contains("output"))
            report.Append(await OutputAsync(dir, reader, textFile, fileBytes, rounds, viewerCount, encoding, parts.Contains("wire"), parts.Contains("output")));
        Console.WriteLine();
        Console.WriteLine(report.ToString());
        Console.WriteLine($"load at the end: {Load()}");
        return 0;
    }

    public static string Load() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]);

    public static string FileLine(int i) => Fmt.I($"{i:D8} the quick brown fox jumps over the lazy dog 0123456789 ABCDEFGHIJKL\n");

    private static long WriteTextFile(string path, int mib)
    {
        using var file = new StreamWriter(path, false, Encoding.ASCII, 1 << 20);
        long size = 0;
        for (int i = 0; size < mib * 1024L * 1024; i++)
        {
            string line = FileLine(i);
            file.Write(line);
            size += line.Length;
        }
        return size;
    }

    // Ours and QEMU's take turns: each block of keys with 1 viewer, then with N, twice over.
    private static async Task<string> KeystrokesAsync(TempDir dir, CellReader reader, int keys, int viewerCount, int encoding, bool ours, bool qemu)
    {
        var run = new KeystrokeRun(reader, Math.Max(1, keys / 2), TimeSpan.FromSeconds(5));
        var results = new List<KeystrokeResult>();
        await using VncService? service = ours
            ? await VncService.StartAsync(dir, "keys",
                """type = exec, command = ["/bin/sh", "-c", "while :; do printf 'vc> '; read line; done"], env { TERM = xterm }""",
                """vc { type = vc, listen = "127.0.0.1:0", max-clients = 64 }""", hasVc: true)
            : null;
        string? qemuBinary = qemu ? QemuVc.Binary : null;
        string qemuNote = qemu && qemuBinary is null ? "QEMU: qemu-system-x86_64 is not installed (Debian: qemu-system-x86); its vc was not measured.\n" : "";
        await using QemuVc? qemuVc = qemuBinary is null ? null : await QemuVc.StartAsync(qemuBinary);
        for (int block = 0; block < 2; block++)
        {
            foreach (int n in new[] { 1, viewerCount }.Where(n => n > 0).Distinct())
            {
                if (service is not null)
                    results.Add(await Report(run.RunAsync("MuxActors vc", service.VncEndPoint, n, "vc>", encoding)));
                if (qemuVc is not null)
                    results.Add(await Report(run.RunAsync("QEMU vc", qemuVc.EndPoint, n, "(qemu)", encoding)));
            }
        }
        var text = new StringBuilder();
        text.AppendLine(Fmt.I($"Keystroke to pixels ({keys} keys for each line, in two blocks taking turns; the typing viewer and all of them):"));
        text.AppendLine();
        text.AppendLine("| server | viewers | typing viewer p50 | p99 | max | slowest viewer p50 | p99 | max | missed | typing cell |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var group in results.GroupBy(r => (r.Server, r.Viewers)))
        {
            var typist = new Percentiles(group.SelectMany(r => r.Typist));
            var slowest = new Percentiles(group.SelectMany(r => r.Slowest));
            text.AppendLine(Fmt.I($"| {group.Key.Server} | {group.Key.Viewers} | {typist.P50:0.0} ms | {typist.P99:0.0} ms | {typist.Max:0.0} ms | {slowest.P50:0.0} ms | {slowest.P99:0.0} ms | {slowest.Max:0.0} ms | {group.Sum(r => r.Missed)} | {group.First().TypingCell} |"));
        }
        if (qemuVc is not null)
            text.AppendLine().AppendLine("QEMU: " + qemuVc + ": " + QemuVc.CommandLine(qemuVc.EndPoint.Port - 5900));
        text.Append(qemuNote);
        text.AppendLine();
        return text.ToString();
    }

    private static async Task<KeystrokeResult> Report(Task<KeystrokeResult> running)
    {
        KeystrokeResult r = await running;
        var p = new Percentiles(r.Typist);
        var s = new Percentiles(r.Slowest);
        Console.WriteLine(Fmt.I($"    {r.Server}, {r.Viewers} viewer(s): typing viewer p50 {p.P50:0.0} ms p99 {p.P99:0.0} ms; slowest p50 {s.P50:0.0} ms p99 {s.P99:0.0} ms; missed {r.Missed}; load {Load()}"));
        return r;
    }

    private static async Task<string> OutputAsync(TempDir dir, CellReader reader, string textFile, long fileBytes, int rounds, int viewerCount, int encoding, bool wire, bool output)
    {
        const string Shell = """type = exec, command = ["/bin/sh"], env { PS1 = "", TERM = xterm }""";
        string Socket(string name) => $$"""sock { type = unix-server, path = "{{dir.File(name + ".sock")}}" }""";
        await using var withVc = await VncService.StartAsync(dir, "with-vc", Shell, Socket("with-vc") + "\n" + """vc { type = vc, listen = "127.0.0.1:0", max-clients = 64 }""", hasVc: true);
        await using var withoutVc = await VncService.StartAsync(dir, "without-vc", Shell, Socket("without-vc"), hasVc: false);
        await using var withShell = await ShellClient.ConnectAsync(dir.File("with-vc.sock"));
        await using var withoutShell = await ShellClient.ConnectAsync(dir.File("without-vc.sock"));
        foreach (var shell in new[] { withShell, withoutShell })
            await shell.RunAsync("stty -echo; echo RE''ADY", "READY", TimeSpan.FromSeconds(30));
        var with = new OutputRun.Target(withVc, withShell, HasVc: true);
        var without = new OutputRun.Target(withoutVc, withoutShell, HasVc: false);
        var text = new StringBuilder();

        if (wire)
        {
            var samples = await new WireCost(reader, dir, FileLine).RunAsync(with, textFile);
            text.AppendLine("Bytes on the wire (one viewer per encoding, each also taking CopyRect; updates in brackets):");
            text.AppendLine();
            text.AppendLine("| case | Raw | Hextile | ZRLE |");
            text.AppendLine("|---|---|---|---|");
            foreach (var group in samples.GroupBy(s => s.Case))
                text.AppendLine($"| {group.Key} | {string.Join(" | ", group.Select(s => Fmt.I($"{s.Bytes:N0} ({s.Updates})")))} |");
            text.AppendLine();
        }

        if (output)
        {
            var viewers = new List<RfbViewer>();
            try
            {
                for (int i = 0; i < viewerCount; i++)
                    viewers.Add(await RfbViewer.ConnectAsync(withVc.VncEndPoint, encoding, decode: false, TimeSpan.FromSeconds(30)));
                await KeystrokeRun.Until(() => viewers.All(v => v.Updates > 0), () => "a viewer got no first update");
                var run = new OutputRun(textFile, fileBytes);
                await run.RunRoundsAsync(without, with, viewers, rounds);
                if (viewers.FirstOrDefault(v => v.Ended is not null) is { } ended)
                    text.AppendLine("A viewer's connection ended during the runs: " + ended.Ended);
                text.Append(OutputTable(run.Samples, fileBytes, viewerCount));
            }
            finally
            {
                foreach (var viewer in viewers)
                    await viewer.DisposeAsync();
            }
        }
        foreach (var warning in withVc.Warnings.Concat(withoutVc.Warnings).Take(10))
            text.AppendLine("service warning: " + warning);
        return text.ToString();
    }

    private static string OutputTable(List<OutputSample> samples, long fileBytes, int viewerCount)
    {
        double mib = fileBytes / (1024.0 * 1024.0);
        double Median(IEnumerable<double> xs) => new Percentiles(xs).P50;
        var text = new StringBuilder();
        text.AppendLine(Fmt.I($"Sustained output (cat of {fileBytes:N0} bytes; median of the rounds, each round's figure in brackets):"));
        text.AppendLine();
        text.AppendLine("| mux | console MB/s | against without | service CPU s per MiB | shell + cat CPU s per run | tool CPU s per run | updates per viewer per run | wire MB per viewer per run |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        double baseline = Median(samples.Where(s => !s.WithVc).Select(s => fileBytes / s.Seconds));
        foreach (bool withVc in new[] { false, true })
        {
            var mine = samples.Where(s => s.WithVc == withVc).ToList();
            double rate = Median(mine.Select(s => fileBytes / s.Seconds));
            string each = string.Join(", ", mine.Select(s => Fmt.I($"{fileBytes / s.Seconds / 1e6:0.0}")));
            string updates = withVc && viewerCount > 0 ? Fmt.I($"{Median(mine.Select(s => (double)s.ViewerUpdates)) / viewerCount:0.0}") : "–";
            string wire = withVc && viewerCount > 0 ? Fmt.I($"{Median(mine.Select(s => (double)s.ViewerBytes)) / viewerCount / 1e6:0.000}") : "–";
            text.AppendLine(Fmt.I($"| {(withVc ? $"with the vc, {viewerCount} viewers" : "without the vc")} | {rate / 1e6:0.0} ({each}) | {rate / baseline:0.00}× | {Median(mine.Select(s => s.ServiceCpu)) / mib:0.000} | {Median(mine.Select(s => s.ConsoleCpu)):0.00} | {Median(mine.Select(s => s.ToolCpu)):0.00} | {updates} | {wire} |"));
        }
        text.AppendLine();
        return text.ToString();
    }
}
