namespace MuxActors.LoadTest;

/// <summary>The scenarios of the comparison; each runs MuxActors and its peers and returns its section of the report.</summary>
internal sealed class Scenarios(double scale, IReadOnlySet<string> peers)
{
    public static readonly string[] AllPeers = ["socat", "ser2net", "direct"];

    private const long MiB = 1 << 20;

    public static readonly string[] All = ["S1", "S2", "S3", "S4", "S5", "S6"];

    private long Bytes(long full) => Math.Max(MiB, (long)(full * scale) / MiB * MiB);

    private int Count(int full, int min) => Math.Max(min, (int)(full * scale));

    public Task<Section> RunAsync(string id) => id switch
    {
        "S1" => S1Async(),
        "S2" => S2Async(),
        "S3" => S3Async(),
        "S4" => S4Async(),
        "S5" => S5Async(),
        "S6" => S6Async(),
        _ => throw new ArgumentException($"unknown scenario '{id}' (known: {string.Join(", ", All)})"),
    };

    private static void Progress(string text) => Console.WriteLine($"{DateTime.Now:HH:mm:ss} {text}");

    private static async Task<BulkResult?> BulkAsync(string label, RelayFactory? factory, BulkOptions options)
    {
        if (factory is null)
            return null;
        Progress($"  {label}: {options.Readers} reader(s){(options.Stuck > 0 ? $" + {options.Stuck} stuck" : "")}, {Fmt.Size(options.Bytes)} ...");
        var result = await BulkRun.RunAsync(label, factory, options);
        Progress(result.Problem is null
            ? $"  {label}: {Fmt.MBps(result.AggregateBps)} MB/s aggregate, {result.Seconds:0.00} s"
            : $"  {label}: {result.Problem}");
        return result;
    }

    private RelayFactory? Socat => Peers.Socat is null || !peers.Contains("socat") ? null : Relays.Socat();

    private RelayFactory? Direct => peers.Contains("direct") ? Relays.Direct() : null;

    /// <summary>ser2net at its best: chardelay on for bulk output, off for latency.</summary>
    private RelayFactory? Ser2net(int connections, bool forLatency = false) =>
        Peers.Ser2net is null || !peers.Contains("ser2net") ? null : Relays.Ser2net(connections, charDelay: !forLatency);

    /// <summary>The aggregate MB/s; marked when the run had a problem (the details say which), "failed" when nothing flowed.</summary>
    private static string Figure(BulkResult? r) => r is null ? "not run"
        : r.Problem is null ? Fmt.MBps(r.AggregateBps)
        : r.Problem.StartsWith("stalled", StringComparison.Ordinal) ? "stalled"
        : r.Seconds > 0 ? Fmt.MBps(r.AggregateBps) + " (invalid: see details)" : "failed";

    /// <summary>The aggregate rate of a valid run, else NaN (no ratio, no verdict).</summary>
    private static double Bps(BulkResult? r) => r?.Problem is null ? r?.AggregateBps ?? double.NaN : double.NaN;

    private static Table BulkDetails(params BulkResult?[] results)
    {
        var table = new Table("path", "readers", "aggregate MB/s", "slowest reader MB/s", "seconds", "delivered", "content", "relay CPU s", "MB per relay CPU s", "relay GCs gen0/1/2, pause, allocated, JIT", "cold MB/s (warm-up)", "problem");
        foreach (var r in results.OfType<BulkResult>())
        {
            var delivered = r.TotalReceived;
            var perCpu = r.RelayCpuSeconds > 0 ? Fmt.I($"{delivered / 1e6 / r.RelayCpuSeconds:0}") : "—";
            table.Row(r.Relay, r.Options.Readers.ToString(System.Globalization.CultureInfo.InvariantCulture) + (r.Options.Stuck > 0 ? Fmt.I($" + {r.Options.Stuck} stuck") : ""),
                Fmt.MBps(r.AggregateBps), Fmt.MBps(r.MinReaderBps), Fmt.I($"{r.Seconds:0.00}"), Fmt.Size(delivered),
                r.Options.Verify ? (r.Problem is null ? "every byte checked" : "see problem") : "counted",
                double.IsNaN(r.RelayCpuSeconds) ? "—" : Fmt.I($"{r.RelayCpuSeconds:0.00}"), perCpu, r.Runtime?.ToString() ?? "—", double.IsNaN(r.WarmupBps) ? "—" : Fmt.MBps(r.WarmupBps), r.Problem ?? "");
        }
        return table;
    }

    private async Task<Section> S1Async()
    {
        var bytes = Bytes(1L << 30);
        var section = new Section("S1", "one client, bulk throughput");
        section.Intro.Add($"The VM prints {Fmt.Size(bytes)} at full speed in 256 KiB writes; one client reads it all.");
        Progress($"S1: one client, {Fmt.Size(bytes)}");
        var options = new BulkOptions(1, bytes);
        // This machine's rate varies from run to run by more than the differences measured: the paths take turns for
        // several rounds and each row compares the median runs.
        var runs = new Dictionary<string, List<BulkResult?>>();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (label, factory) in new (string, RelayFactory?)[] { ("MuxActors", Relays.Mux()), ("socat", Socat), ("direct", Direct), ("fan-out floor", peers.Contains("direct") ? FanoutFloor.Factory() : null) })
                (runs.TryGetValue(label, out var list) ? list : runs[label] = []).Add(await BulkAsync(label, factory, options));
        }
        var ours = Median(runs["MuxActors"]);
        var socat = Median(runs["socat"]);
        var direct = Median(runs["direct"]);
        var floor = Median(runs["fan-out floor"]);
        var ser2net = await BulkAsync("ser2net", Ser2net(1), options);
        section.Intro.Add($"MuxActors, socat, the direct path and the fan-out floor take turns for {Rounds} rounds; each row compares the median runs (the details list every run). ser2net runs once.");
        var table = new Table("measure", "MuxActors", "peer", "peer figure", "ratio", "target", "result");
        table.Row("MB/s", Figure(ours), "socat -b 65536", Figure(socat), Fmt.Ratio(Bps(ours) / Bps(socat)), "≥ 1.2× socat", Fmt.AtLeast(Bps(ours) / Bps(socat), 1.2));
        table.Row("MB/s", Figure(ours), "fan-out floor (.NET, blocking, 64 KiB)", Figure(floor), Fmt.Ratio(Bps(ours) / Bps(floor)), "—", "");
        table.Row("MB/s", Figure(ours), "ser2net (64 KiB buffers)", Figure(ser2net), Fmt.Ratio(Bps(ours) / Bps(ser2net)), "—", "");
        table.Row("share of the direct rate", Figure(ours), "direct unix socket", Figure(direct), Fmt.I($"{Bps(ours) / Bps(direct) * 100:0}%"), "≥ 40% of direct", Fmt.AtLeast(Bps(ours) / Bps(direct), 0.4));
        section.Tables.Add((null, table));
        section.Tables.Add(("Details:", BulkDetails([.. runs.Values.SelectMany(r => r), ser2net])));
        AddWarnings(section, ours);
        return section;
    }

    private async Task<Section> S2Async()
    {
        const int Readers = 16;
        var bytes = Bytes(256L << 20);
        var section = new Section("S2", "16 clients, fan-out throughput");
        section.Intro.Add($"The VM prints {Fmt.Size(bytes)}; each of {Readers} clients reads all of it (aggregate = {Readers} × {Fmt.Size(bytes)} over the elapsed time). socat relays one client only and is not in this row.");
        Progress($"S2: {Readers} clients, {Fmt.Size(bytes)} each");
        var options = new BulkOptions(Readers, bytes);
        var runs = new Dictionary<string, List<BulkResult?>>();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (label, factory) in new (string, RelayFactory?)[] { ("MuxActors", Relays.Mux()), ("ser2net", Ser2net(Readers)) })
                (runs.TryGetValue(label, out var list) ? list : runs[label] = []).Add(await BulkAsync(label, factory, options));
        }
        var ours = Median(runs["MuxActors"]);
        var ser2net = Median(runs["ser2net"]);
        section.Intro.Add($"MuxActors and ser2net take turns for {Rounds} rounds; each row compares the median runs (the details list every run).");
        var table = new Table("measure", "MuxActors", "peer", "peer figure", "ratio", "target", "result");
        table.Row("aggregate MB/s", Figure(ours), "ser2net, max-connections 16", Figure(ser2net), Fmt.Ratio(Bps(ours) / Bps(ser2net)), "≥ 1.2× ser2net", Fmt.AtLeast(Bps(ours) / Bps(ser2net), 1.2));
        var oursSlowest = ours?.Problem is null ? ours?.MinReaderBps ?? double.NaN : double.NaN;
        var peerSlowest = ser2net?.Problem is null ? ser2net?.MinReaderBps ?? double.NaN : double.NaN;
        table.Row("slowest client MB/s", Fmt.MBps(oursSlowest), "ser2net", Fmt.MBps(peerSlowest), Fmt.Ratio(oursSlowest / peerSlowest), "—", "");
        section.Tables.Add((null, table));
        section.Tables.Add(("Details:", BulkDetails([.. runs.Values.SelectMany(r => r)])));
        AddWarnings(section, ours);
        return section;
    }

    private async Task<Section> S3Async()
    {
        var samples = Count(10_000, 100);
        var cap = TimeSpan.FromSeconds(Math.Max(10, 60 * scale));
        var loads = new[] { LoadLevel.Idle, LoadLevel.Paced(10e6), LoadLevel.Saturated };
        var section = new Section("S3", "keystroke round trip");
        section.Intro.Add($"One client sends one byte at a time; the VM echoes it; the round trip is from the client's send to the echo reaching the client; \"way in\" is the part from the client's send to the VM reading the key. {samples} samples per row after a warm-up (at least 200 keys and 1 s, not counted; for MuxActors also until its JIT spends under 1% of a core, at most 15 s, as in a long-running service), one key in flight, at most {cap.TotalSeconds:0} s per row. Under load the VM also prints bulk output in 16 KiB writes and the echo is queued behind the write in progress, as on a busy console; the client reads everything. MuxActors and socat take turns for {Rounds} rounds per row and the table shows each one's median round by p99 (the notes list every round); ser2net and the direct path run once.");
        Progress($"S3: keystroke round trip, {samples} samples");
        var table = new Table("load", "path", "p50", "p90", "p99", "max", "way in p50 / p99", "samples", "bulk MB/s meanwhile", "p99 / socat p99", "target", "result");
        foreach (var load in loads)
        {
            // MuxActors and socat take turns for several rounds, compared by their median p99; the others run once.
            var rounds = new Dictionary<string, List<LatencyResult>>();
            foreach (var (label, factory, times) in new (string, RelayFactory?, int)[] { ("MuxActors", Relays.Mux(), Rounds), ("socat", Socat, Rounds), ("ser2net", Ser2net(1, forLatency: true), 1), ("direct", Direct, 1) }
                .SelectMany(p => Enumerable.Range(0, p.Item3).Select(round => (p.Item1, p.Item2, round))).OrderBy(p => p.round))
            {
                if (factory is null)
                    continue;
                Progress($"  {label}, {load.Name} ...");
                var r = await LatencyRun.RunAsync(label, factory, load, samples, cap);
                Progress($"  {label}: p50 {Fmt.Us(r.Rtt.P50)}, p99 {Fmt.Us(r.Rtt.P99)}, max {Fmt.Us(r.Rtt.Max)}{(r.Inbound is { Count: > 0 } i ? $" (way in: p50 {Fmt.Us(i.P50)}, p99 {Fmt.Us(i.P99)})" : "")}{(r.Runtime is null ? "" : ", relay " + r.Runtime)}{(r.Problem is null ? "" : " — " + r.Problem)}");
                (rounds.TryGetValue(label, out var list) ? list : rounds[label] = []).Add(r);
            }
            var results = rounds.Values.Select(r => r.OrderBy(x => x.Problem is null ? x.Rtt.P99 : double.MaxValue).ElementAt(r.Count / 2)).ToList();
            foreach (var (label, list) in rounds.Where(r => r.Value.Count > 1))
                section.Notes.Add(Fmt.I($"{load.Name}, {label}: p99 of each round {string.Join(", ", list.Select(r => Fmt.Us(r.Rtt.P99)))}; the median round is in the table")
                    + (list.All(r => r.Runtime is not null) ? "; the relay's warm-up and runtime (GCs gen0/1/2, pause, allocations, JIT) per round: " + string.Join("; ", list.Select(r => Fmt.I($"{r.WarmupSeconds:0.0} s, {r.Runtime}"))) : ""));
            var socat = results.FirstOrDefault(r => r.Relay == "socat");
            foreach (var r in results)
            {
                var ratio = socat is null ? double.NaN : r.Rtt.P99 / socat.Rtt.P99;
                var ours = r.Relay == "MuxActors";
                table.Row(load.Name, r.Relay + (r.Problem is null ? "" : $" ({r.Problem})"), Fmt.Us(r.Rtt.P50), Fmt.Us(r.Rtt.P90), Fmt.Us(r.Rtt.P99), Fmt.Us(r.Rtt.Max),
                    r.Inbound is { Count: > 0 } i ? $"{Fmt.Us(i.P50)} / {Fmt.Us(i.P99)}" : "—", r.Rtt.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), load.BytesPerSecond > 0 ? Fmt.MBps(r.BulkBps) : "—",
                    r.Relay == "socat" ? "1.00×" : Fmt.Ratio(ratio), ours ? "≤ 1.5× socat" : "", ours ? Fmt.AtMost(ratio, 1.5) : "");
            }
        }
        section.Tables.Add((null, table));
        return section;
    }

    private async Task<Section> S4Async()
    {
        const int Readers = 7;
        var bytes = Bytes(256L << 20);
        var section = new Section("S4", "one stuck client among 8");
        section.Intro.Add($"Seven clients read everything on a lossless (`block`) backend; in the second run an eighth client attaches to a backend of its own with the policy under test (`drop` with markers, or `disconnect` with stall-timeout 2s) and never reads. The VM prints {Fmt.Size(bytes)}. The figure is the seven readers' aggregate MB/s with the stuck client against the same configuration with no stuck client; the seven must get every byte. Each policy runs {Rounds} rounds, alternating the run without and the run with the stuck client, and compares the medians (the details list every run); the bytes missed are the worst run's.");
        Progress($"S4: {Readers} readers + 1 stuck, {Fmt.Size(bytes)}");
        var table = new Table("policy", "others' MB/s, no stuck client", "others' MB/s, one stuck client", "ratio", "bytes the others missed (no stuck / stuck)", "target", "result");
        var details = new List<BulkResult?>();
        foreach (var policy in new[] { "drop", "disconnect" })
        {
            var factory = Relays.Mux(stuckBackendOptions: policy == "drop" ? "on-overflow = drop, mark-drops = on" : "on-overflow = disconnect, stall-timeout = 2s");
            const bool lossless = true; // the seven healthy readers are on a block backend: they must get every byte
            // Run to run, this machine's rate varies by more than the effect measured: the runs alternate, and the
            // medians are compared.
            var baselines = new List<BulkResult?>();
            var stucks = new List<BulkResult?>();
            for (var round = 0; round < Rounds; round++)
            {
                baselines.Add(await BulkAsync($"MuxActors {policy}", factory, new BulkOptions(Readers, bytes, Verify: lossless, UntilEnd: !lossless)));
                stucks.Add(await BulkAsync($"MuxActors {policy}, stuck", factory, new BulkOptions(Readers, bytes, Verify: lossless, Stuck: 1, UntilEnd: !lossless)));
            }
            details.AddRange(baselines.Zip(stucks).SelectMany(p => new[] { p.First, p.Second }));
            var (baseline, stuck) = (Median(baselines), Median(stucks));
            var ratio = Bps(stuck) / Bps(baseline);
            table.Row(policy, Figure(baseline), Figure(stuck), Fmt.I($"{ratio * 100:0}%"),
                Fmt.I($"{Missed(baselines)} / {Missed(stucks)}"), "≥ 90% of the unstuck rate", Fmt.AtLeast(ratio, 0.9));
            foreach (var run in stucks.OfType<BulkResult>())
            {
                var evictions = run.RunWarnings.Where(w => w.Contains("disconnecting", StringComparison.Ordinal)).ToList();
                section.Notes.Add(Fmt.I($"{run.Relay}: the service disconnected {evictions.Count} client(s) during the measured run") +
                    (evictions.Count > 0 ? "; first: " + evictions[0] : ""));
            }
        }
        if (Ser2net(Readers + 1) is { } s2n)
        {
            var peer = await BulkAsync("ser2net, stuck", s2n, new BulkOptions(Readers, bytes, Stuck: 1) { StallLimit = TimeSpan.FromSeconds(10) });
            details.Add(peer);
            table.Row("ser2net (no policy: every client is waited for)", "—", Figure(peer), "—", Missed(peer), "—", peer?.Problem is null ? "" : "stalls with a stuck client");
        }
        section.Tables.Add((null, table));
        section.Tables.Add(("Details:", BulkDetails([.. details])));
        return section;
    }

    /// <summary>Rounds of the scenarios whose paths take turns (S1 to S4), compared by their median runs.</summary>
    public static int Rounds { get; set; } = 5;

    /// <summary>The run with the median aggregate rate; an invalid run counts as the slowest.</summary>
    private static BulkResult? Median(List<BulkResult?> runs) =>
        runs.OrderBy(r => r?.Problem is null ? r?.AggregateBps ?? -1 : -1).ElementAt(runs.Count / 2);

    private static string Missed(List<BulkResult?> runs) => Missed(runs.MaxBy(r => r?.Missing ?? long.MaxValue));

    private static string Missed(BulkResult? r) => r is null ? "—" : r.Received.Length == 0 ? "failed" : Fmt.Size(Math.Max(0, r.Missing));

    private async Task<Section> S5Async()
    {
        var muxes = Count(1000, 10);
        const int Clients = 4;
        var section = new Section("S5", "many idle muxes");
        section.Intro.Add($"{muxes} muxes (MuxActors: one mux each with a unix-client console and a unix-server backend; ser2net: one connection each), {Clients} idle clients on each. \"Ready\" is the process start to MuxActors' ready line (ser2net: every socket file exists); resident memory is VmRSS from /proc.");
        Progress($"S5: {muxes} muxes × {Clients} clients");
        Progress("  MuxActors ...");
        var ours = await ScaleRuns.ManyMuxesAsync("MuxActors", Relays.Mux(), muxes, Clients);
        Progress($"  MuxActors: ready {ours.ReadySeconds:0.00} s, RSS {ours.RssIdle >> 20} MiB {ours.Problem}");
        ManyMuxesResult? peer = null;
        if (Ser2net(Clients) is { } s2n)
        {
            Progress("  ser2net ...");
            peer = await ScaleRuns.ManyMuxesAsync("ser2net", s2n, muxes, Clients);
            Progress($"  ser2net: ready {peer.ReadySeconds:0.00} s, RSS {peer.RssIdle >> 20} MiB {peer.Problem}");
        }
        var table = new Table("measure", "MuxActors", "ser2net", "target", "result");
        table.Row("time to ready", Seconds(ours.ReadySeconds), Seconds(peer?.ReadySeconds), "≤ 5 s", Fmt.AtMost(ours.ReadySeconds, 5));
        table.Row("time to every console connected", Seconds(ours.FrontendsSeconds), "on first client", "—", "");
        table.Row($"time to all {muxes * Clients} clients served", Seconds(ours.AllAttachedSeconds), Seconds(peer?.AllAttachedSeconds), "—", "");
        table.Row("resident memory at ready", Mib(ours.RssReady), Mib(peer?.RssReady), "—", "");
        table.Row($"resident memory, {muxes * Clients} idle clients", Mib(ours.RssIdle), Mib(peer?.RssIdle), "≤ 300 MB", ours.RssIdle > 0 ? Fmt.AtMost(ours.RssIdle / 1e6, 300) : "not measured");
        section.Tables.Add((null, table));
        foreach (var problem in new[] { ours.Problem, peer?.Problem }.OfType<string>())
            section.Notes.Add(problem);
        return section;
    }

    private async Task<Section> S6Async()
    {
        var clients = Count(10_000, 100);
        const int Messages = 5;
        var section = new Section("S6", "many clients on one mux");
        section.Intro.Add($"{clients} clients on one unix-server backend (max-clients 20000). The VM prints {Messages} short lines (after 2 warm-up lines), one at a time (the next after every client has the previous); latency is from the VM's write to a client's read, percentiles over all clients and lines. The readers run in the load tool, so their own scheduling on the shared cores is included, for both paths.");
        Progress($"S6: {clients} clients on one mux");
        Progress("  MuxActors ...");
        var ours = await ScaleRuns.ManyClientsAsync("MuxActors", Relays.Mux(maxClients: 20_000), clients, Messages);
        Progress($"  MuxActors: {ours.Served} served, p99 {Fmt.Us(ours.Latency.P99)} {ours.Problem}");
        ManyClientsResult? peer = null;
        if (Ser2net(clients, forLatency: true) is { } s2n)
        {
            Progress("  ser2net ...");
            peer = await ScaleRuns.ManyClientsAsync("ser2net", s2n, clients, Messages);
            Progress($"  ser2net: {peer.Served} served, p99 {Fmt.Us(peer.Latency.P99)} {peer.Problem}");
        }
        ManyClientsResult? floor = null;
        if (peers.Contains("direct"))
        {
            Progress("  fan-out floor ...");
            floor = await ScaleRuns.ManyClientsAsync("fan-out floor", FanoutFloor.Factory(), clients, Messages);
            Progress($"  fan-out floor: {floor.Served} served, p99 {Fmt.Us(floor.Latency.P99)} {floor.Problem}");
        }
        section.Intro.Add("The fan-out floor is the least a fan-out can do, run inside the tool: one thread reads the VM and sends each line to every client in turn with blocking sends (no relay logic, no backpressure). It shows what one send per client and the readers' own scheduling cost on these cores.");
        string Of(ManyClientsResult? r, Func<ManyClientsResult, string> f) => r is null ? "not run" : f(r);
        var table = new Table("measure", "MuxActors", "ser2net", "fan-out floor", "target", "result");
        table.Row("clients that got every line", Fmt.I($"{ours.Served} of {clients}"), Of(peer, r => Fmt.I($"{r.Served} of {clients}")), Of(floor, r => Fmt.I($"{r.Served} of {clients}")), "all", ours.Served == clients ? "met" : Fmt.I($"missed: {clients - ours.Served} not served"));
        table.Row("latency p50", Fmt.Us(ours.Latency.P50), Of(peer, r => Fmt.Us(r.Latency.P50)), Of(floor, r => Fmt.Us(r.Latency.P50)), "—", "");
        table.Row("latency p90", Fmt.Us(ours.Latency.P90), Of(peer, r => Fmt.Us(r.Latency.P90)), Of(floor, r => Fmt.Us(r.Latency.P90)), "—", "");
        table.Row("latency p99", Fmt.Us(ours.Latency.P99), Of(peer, r => Fmt.Us(r.Latency.P99)), Of(floor, r => Fmt.Us(r.Latency.P99)), "≤ 10 ms", Fmt.AtMost(ours.Latency.P99, 10_000));
        table.Row("latency max", Fmt.Us(ours.Latency.Max), Of(peer, r => Fmt.Us(r.Latency.Max)), Of(floor, r => Fmt.Us(r.Latency.Max)), "—", "");
        table.Row("time to attach every client", Seconds(ours.AttachSeconds), Seconds(peer?.AttachSeconds), Seconds(floor?.AttachSeconds), "—", "");
        table.Row("resident memory, all attached", Mib(ours.RssAttached), Mib(peer?.RssAttached), "—", "—", "");
        section.Tables.Add((null, table));
        foreach (var r in new[] { ours, peer, floor }.OfType<ManyClientsResult>())
            section.Notes.Add(r.Relay + ", last client per line: " + string.Join(", ", r.LastClientPerMessageMicros.Select(Fmt.Us)));
        foreach (var problem in new[] { ours.Problem, peer?.Problem, floor?.Problem }.OfType<string>())
            section.Notes.Add(problem);
        return section;
    }

    private static string Seconds(double? s) => s is { } v && !double.IsNaN(v) ? Fmt.I($"{v:0.00} s") : "—";

    private static string Mib(long? bytes) => bytes is { } b && b > 0 ? Fmt.I($"{b / 1e6:0} MB") : "—";

    private static void AddWarnings(Section section, BulkResult? result)
    {
        if (result is null)
            return;
        foreach (var warning in result.RunWarnings.Take(5))
            section.Notes.Add("MuxActors logged: " + warning);
    }
}
