using System.Net.Sockets;

namespace MuxActors.LoadTest;

/// <param name="Readers">Clients that read everything.</param>
/// <param name="Bytes">Bytes the VM prints (each reader should get all of them).</param>
/// <param name="Verify">Check every byte against the pattern (a lossless relay must deliver it exactly).</param>
/// <param name="Stuck">Extra clients that attach, say hello and never read.</param>
/// <param name="UntilEnd">Readers stop at the end marker instead of a byte count (the drop policy may skip bytes).</param>
internal sealed record BulkOptions(int Readers, long Bytes, bool Verify = true, int Stuck = 0, bool UntilEnd = false)
{
    /// <summary>The run is abandoned when no reader receives anything for this long.</summary>
    public TimeSpan StallLimit { get; init; } = TimeSpan.FromSeconds(15);

    public int WriteSize { get; init; } = 256 * 1024;

    /// <summary>
    /// MuxActors only: before the measured readers attach, as many warm-up readers take full-speed output for this long
    /// and leave, so the measured run sees the steady state of a long-running service (its JIT has tiered up), not
    /// its first second. socat and ser2net are native and have no warm-up to do.
    /// </summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);
}

internal sealed record BulkResult(string Relay, BulkOptions Options, double Seconds, long[] Received, double[] PerReaderBps, string? Problem,
    double RelayCpuSeconds, IReadOnlyList<string> Warnings)
{
    /// <summary>The warm-up's aggregate rate (a cold service), or NaN when there was none.</summary>
    public double WarmupBps { get; init; } = double.NaN;

    /// <summary>The relay's runtime counters (collections, pause, allocations, JIT) over the measured run (MuxActors only).</summary>
    public RuntimeCounters? Runtime { get; init; }

    public long TotalReceived => Received.Sum();

    /// <summary>
    /// All readers' bytes over the time from the first byte any reader saw to the last byte the last reader got (also
    /// when the run had a problem, as long as bytes flowed: <see cref="Problem"/> says why it does not count).
    /// </summary>
    public double AggregateBps => Seconds > 0 ? TotalReceived / Seconds : double.NaN;

    public double MinReaderBps => PerReaderBps.Length == 0 ? double.NaN : PerReaderBps.Min();

    public double MaxReaderBps => PerReaderBps.Length == 0 ? double.NaN : PerReaderBps.Max();

    /// <summary>Warnings the relay logged during the measured run (not its warm-up).</summary>
    public IReadOnlyList<string> RunWarnings { get; init; } = [];

    /// <summary>Bytes the readers did not get, in all.</summary>
    public long Missing => Options.Bytes * Options.Readers - TotalReceived;

    public static BulkResult Failed(string relay, BulkOptions options, string problem) => new(relay, options, 0, [], [], problem, double.NaN, []);
}

/// <summary>
/// One bulk run: readers attach (and say hello through the relay, so the VM knows they are live), then the VM prints
/// <see cref="BulkOptions.Bytes"/> at full speed; timed from the first byte any reader sees to the last byte the last
/// reader gets.
/// </summary>
internal static class BulkRun
{
    public static async Task<BulkResult> RunAsync(string label, RelayFactory factory, BulkOptions options)
    {
        try
        {
            return await RunCoreAsync(label, factory, options);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or SocketException or IOException)
        {
            return BulkResult.Failed(label, options, ex.Message.Split('\n')[0]);
        }
    }

    private static async Task<BulkResult> RunCoreAsync(string label, RelayFactory factory, BulkOptions options)
    {
        using var dir = new TempDir("bulk");
        using var vm = new VmServer(dir.File("vm.sock"));
        await using var relay = await factory(dir, [vm.Path]);
        var total = options.Readers + options.Stuck;
        var sockets = new List<Socket>();
        Socket? device = null;
        long attachedBefore = 0;
        var warmupBps = double.NaN;
        try
        {
            if (relay is MuxRelay mux && options.Warmup > TimeSpan.Zero)
            {
                device = await vm.AcceptAsync(TimeSpan.FromSeconds(30)); // MuxActors connects its console at start
                await relay.ReadRuntimeAsync(); // the first request compiles the service's HTTP path: during the warm-up, not the run
                warmupBps = await WarmupAsync(mux, device, options);
                attachedBefore = options.Readers;
            }
            for (var i = 0; i < total; i++)
            {
                var path = i >= options.Readers && relay.StuckClientPath is { } stuckPath ? stuckPath : relay.ClientPaths[0];
                var socket = await UnixSockets.ConnectAsync(path, TimeSpan.FromSeconds(20));
                sockets.Add(socket);
                await socket.SendAsync(new[] { Pattern.Hello }, SocketFlags.None);
            }
            if (relay.IsDirect && total != 1)
                throw new InvalidOperationException("the direct case has exactly one reader");
            // The relay's console connection (socat and ser2net open it when their first client connects), or the reader.
            device ??= await vm.AcceptAsync(TimeSpan.FromSeconds(30));
            await relay.WaitAttachedAsync(attachedBefore + total, TimeSpan.FromSeconds(60));
            await VmServer.ReadHellosAsync(device, total, TimeSpan.FromSeconds(60));

            var readers = sockets.Take(options.Readers).Select(s => new BulkReader(s, options.Bytes, options.Verify, options.UntilEnd)).ToList();
            using var cts = new CancellationTokenSource();
            var runtimeBefore = await relay.ReadRuntimeAsync();
            var cpuBefore = relay.Pid is { } pid ? Proc.CpuSeconds(pid) : double.NaN;
            var warningsBefore = relay.Warnings.Count;
            var readerTasks = readers.Select(r => Task.Run(() => r.RunAsync(cts.Token))).ToArray();
            var writer = Task.Run(async () =>
            {
                await VmServer.StreamAsync(device, options.Bytes, options.WriteSize, cts.Token);
                if (options.UntilEnd)
                    await SendEndMarkersAsync(device, readers, cts.Token);
            });

            string? problem = null;
            var all = Task.WhenAll(readerTasks);
            long lastSum = -1;
            var lastProgress = Clock.Now;
            while (!all.IsCompleted)
            {
                await Task.WhenAny(all, Task.Delay(250)); // wait-ok: samples progress to detect a stalled relay
                var sum = readers.Sum(r => r.Received);
                if (sum != lastSum)
                {
                    (lastSum, lastProgress) = (sum, Clock.Now);
                }
                else if (Clock.Seconds(lastProgress, Clock.Now) > options.StallLimit.TotalSeconds)
                {
                    problem = Fmt.I($"stalled: no reader received anything for {options.StallLimit.TotalSeconds:0} s, after {Fmt.Size(sum)} in all");
                    break;
                }
                if (writer.IsFaulted)
                {
                    problem = "the VM's write failed: " + writer.Exception!.GetBaseException().Message;
                    break;
                }
            }
            var relayCpu = relay.Pid is { } p ? Proc.CpuSeconds(p) - cpuBefore : double.NaN;
            var runtime = await relay.ReadRuntimeAsync() - runtimeBefore;
            var warnings = relay.Warnings.ToList(); // before the teardown, which makes its own
            await cts.CancelAsync();
            UnixSockets.Close(device);
            foreach (var socket in sockets)
                UnixSockets.Close(socket);
            await Task.WhenAll(readerTasks.Append(writer).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

            var first = readers.Where(r => r.First != 0).Select(r => r.First).DefaultIfEmpty().Min();
            var last = readers.Select(r => r.Last).DefaultIfEmpty().Max();
            var seconds = first == 0 ? 0 : Clock.Seconds(first, last);
            var perReader = readers.Select(r => r.First == 0 ? 0 : r.Received / Math.Max(1e-9, Clock.Seconds(first, r.Last))).ToArray();
            problem ??= Check(readers, options);
            return new BulkResult(label, options, seconds, [.. readers.Select(r => r.Received)], perReader, problem, relayCpu, warnings) { WarmupBps = warmupBps, RunWarnings = warnings.Skip(warningsBefore).ToList(), Runtime = runtime };
        }
        finally
        {
            foreach (var socket in sockets)
                UnixSockets.Close(socket);
            UnixSockets.Close(device);
        }
    }

    /// <summary>Warm-up readers take full-speed output for <see cref="BulkOptions.Warmup"/>, then leave; returns their aggregate rate.</summary>
    private static async Task<double> WarmupAsync(MuxRelay relay, Socket device, BulkOptions options)
    {
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < options.Readers; i++)
            {
                var socket = await UnixSockets.ConnectAsync(relay.ClientPaths[0], TimeSpan.FromSeconds(20));
                sockets.Add(socket);
                await socket.SendAsync(new[] { Pattern.Hello }, SocketFlags.None);
            }
            await relay.WaitAttachedAsync(options.Readers, TimeSpan.FromSeconds(60));
            await VmServer.ReadHellosAsync(device, options.Readers, TimeSpan.FromSeconds(60));
            var readers = sockets.Select(s => new BulkReader(s, long.MaxValue, verify: false, untilEnd: false)).ToList();
            using var cts = new CancellationTokenSource();
            var tasks = readers.Select(r => Task.Run(() => r.RunAsync(cts.Token))).ToArray();
            long sent = 0;
            var start = Clock.Now;
            while (Clock.Seconds(start, Clock.Now) < options.Warmup.TotalSeconds)
            {
                var offset = (int)(sent % Pattern.Length);
                sent += await device.SendAsync(Pattern.Bytes.AsMemory(offset, Math.Min(options.WriteSize, Pattern.Length - offset)), SocketFlags.None);
            }
            // Drained when every reader has it all, or (drop policy) nothing has moved for half a second.
            long lastSum = -1;
            var lastProgress = Clock.Now;
            while (readers.Any(r => r.Received < sent) && Clock.Seconds(lastProgress, Clock.Now) < 0.5)
            {
                await Task.Delay(20);
                var sum = readers.Sum(r => r.Received);
                if (sum != lastSum)
                    (lastSum, lastProgress) = (sum, Clock.Now);
            }
            var elapsed = Clock.Seconds(start, readers.Max(r => r.Last));
            var rate = readers.Sum(r => r.Received) / elapsed;
            await cts.CancelAsync();
            foreach (var socket in sockets)
                UnixSockets.Close(socket);
            await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            await relay.Detached.WaitForAsync(options.Readers, TimeSpan.FromSeconds(30), "warm-up readers detached");
            return rate;
        }
        finally
        {
            foreach (var socket in sockets)
                UnixSockets.Close(socket);
        }
    }

    /// <summary>For readers that cannot know the length: the end marker, repeated until every reader saw one.</summary>
    private static async Task SendEndMarkersAsync(Socket device, List<BulkReader> readers, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 100 && readers.Any(r => !r.SawEnd && r.Error is null); i++)
        {
            await Task.Delay(100, cancellationToken); // wait-ok: paces repeated end markers
            await device.SendAsync(new[] { Pattern.End }, SocketFlags.None, cancellationToken);
        }
    }

    private static string? Check(List<BulkReader> readers, BulkOptions options)
    {
        foreach (var (reader, i) in readers.Select((r, i) => (r, i)))
        {
            if (reader.CorruptAt is { } at)
                return Fmt.I($"reader {i}: content differs from what the VM sent at offset {at}");
            if (!options.UntilEnd && reader.Received != options.Bytes)
                return Fmt.I($"reader {i}: received {reader.Received} of {options.Bytes} bytes ({reader.Error ?? "incomplete"})");
            if (options.UntilEnd && !reader.SawEnd)
                return Fmt.I($"reader {i}: {reader.Error ?? "never saw the end marker"} after {Fmt.Size(reader.Received)}");
        }
        return null;
    }
}
