using System.Net.Sockets;

namespace MuxActors.LoadTest;

/// <summary>What the VM prints while the keystrokes are measured.</summary>
/// <param name="Name">For the tables.</param>
/// <param name="BytesPerSecond">0: idle; <see cref="double.PositiveInfinity"/>: as fast as the path takes it; else paced.</param>
internal sealed record LoadLevel(string Name, double BytesPerSecond)
{
    public static LoadLevel Idle { get; } = new("idle", 0);

    public static LoadLevel Saturated { get; } = new("under bulk load (full speed)", double.PositiveInfinity);

    public static LoadLevel Paced(double bytesPerSecond) => new(Fmt.I($"under bulk load (paced, {bytesPerSecond / 1e6:0} MB/s)"), bytesPerSecond);
}

internal sealed record LatencyResult(string Relay, LoadLevel Load, Percentiles Rtt, int Warmup, double BulkBps, string? Problem)
{
    /// <summary>The relay's runtime counters (collections, pause, allocations, JIT) over the samples (MuxActors only).</summary>
    public RuntimeCounters? Runtime { get; init; }

    /// <summary>How long the warm-up took (longer for MuxActors while its JIT was still compiling).</summary>
    public double WarmupSeconds { get; init; }

    /// <summary>The key's way in alone: from the client's send to the VM reading it (the rest of the round trip is the echo's way out).</summary>
    public Percentiles? Inbound { get; init; }
}

/// <summary>
/// S3: a client types one key at a time; the VM echoes it (into its bulk output when loaded); the round trip is from
/// the client's send to the echo arriving at the client. One key in flight; the first samples warm up and are not counted.
/// </summary>
internal static class LatencyRun
{
    private const int BulkChunk = 16 * 1024;

    public static async Task<LatencyResult> RunAsync(string label, RelayFactory factory, LoadLevel load, int samples, TimeSpan cap)
    {
        try
        {
            return await RunCoreAsync(label, factory, load, samples, cap);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or SocketException or IOException)
        {
            return new LatencyResult(label, load, new Percentiles([]), 0, double.NaN, ex.Message.Split('\n')[0]);
        }
    }

    private static async Task<LatencyResult> RunCoreAsync(string label, RelayFactory factory, LoadLevel load, int samples, TimeSpan cap)
    {
        using var dir = new TempDir("rtt");
        using var vm = new VmServer(dir.File("vm.sock"));
        await using var relay = await factory(dir, [vm.Path]);
        using var client = await UnixSockets.ConnectAsync(relay.ClientPaths[0], TimeSpan.FromSeconds(20));
        await client.SendAsync(new[] { Pattern.Hello }, SocketFlags.None);
        using var device = await vm.AcceptAsync(TimeSpan.FromSeconds(30));
        await relay.WaitAttachedAsync(1, TimeSpan.FromSeconds(60));
        await VmServer.ReadHellosAsync(device, 1, TimeSpan.FromSeconds(60));

        using var cts = new CancellationTokenSource();
        using var sendLock = new SemaphoreSlim(1, 1);
        using var echoed = new SemaphoreSlim(0);
        long echoedAt = 0;
        long keyArrivedAt = 0;
        long bulkReceived = 0;
        long firstBulk = 0;
        long lastBulk = 0;

        var echo = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            while (true)
            {
                var n = await device.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0)
                    return;
                Volatile.Write(ref keyArrivedAt, Clock.Now);
                await sendLock.WaitAsync(cts.Token);
                try
                {
                    await UnixSockets.SendAllAsync(device, buffer.AsMemory(0, n), cts.Token);
                }
                finally
                {
                    sendLock.Release();
                }
            }
        });
        var bulk = load.BytesPerSecond > 0 ? Task.Run(() => BulkAsync(device, sendLock, load.BytesPerSecond, cts.Token)) : Task.CompletedTask;
        var reader = Task.Run(async () =>
        {
            var buffer = new byte[256 * 1024];
            while (true)
            {
                var n = await client.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0)
                    return;
                var now = Clock.Now;
                var data = buffer.AsSpan(0, n);
                var keys = data.Count(Pattern.Key);
                bulkReceived += n - keys;
                if (firstBulk == 0)
                    firstBulk = now;
                lastBulk = now;
                if (keys > 0)
                {
                    Volatile.Write(ref echoedAt, now);
                    echoed.Release(keys);
                }
            }
        });

        await relay.ReadRuntimeAsync(); // the first request compiles the service's HTTP path: during the warm-up, not the samples

        // Warm-up: at least 200 keys and one second, for every path alike; not counted.
        var warmup = -1;
        var rtts = new List<double>(samples);
        var inbound = new List<double>(samples);
        string? problem = null;
        var started = Clock.Now;
        var key = new[] { Pattern.Key };
        RuntimeCounters? runtimeBefore = null;
        var warmedUp = new JitSettling(relay, started);
        double warmupSeconds = 0;
        for (var i = 0; warmup < 0 || i < warmup + samples; i++)
        {
            if (warmup < 0 && i >= 200 && Clock.Seconds(started, Clock.Now) >= 1 && await warmedUp.SettledAsync())
            {
                runtimeBefore = await relay.ReadRuntimeAsync();
                warmupSeconds = Clock.Seconds(started, Clock.Now);
                (warmup, started) = (i, Clock.Now);
            }
            if (warmup >= 0 && Clock.Seconds(started, Clock.Now) > cap.TotalSeconds)
                break; // enough: a saturated path can take long per sample
            var sent = Clock.Now;
            await client.SendAsync(key, SocketFlags.None);
            if (!await echoed.WaitAsync(TimeSpan.FromSeconds(10)))
            {
                // Which half stalled, and the relay's view of it, for whoever reads the log.
                var reached = Volatile.Read(ref keyArrivedAt) >= sent ? "reached the VM" : "did not reach the VM";
                problem = Fmt.I($"no echo within 10 s (sample {i}; the key {reached})");
                Console.WriteLine(Fmt.I($"    stalled: {bulkReceived} bulk bytes received; the VM's send lock {(sendLock.CurrentCount == 0 ? "taken" : "free")}"));
                Console.Write(StallReport.Describe(dir.Path, relay.Pid));
                Console.WriteLine(Fmt.I($"    relay status: {await relay.ReadStatusAsync() ?? "none"}"));
                break;
            }
            if (warmup >= 0)
            {
                rtts.Add(Clock.Micros(sent, Volatile.Read(ref echoedAt)));
                inbound.Add(Clock.Micros(sent, Volatile.Read(ref keyArrivedAt)));
            }
        }
        var bulkBps = load.BytesPerSecond > 0 && lastBulk > firstBulk ? bulkReceived / Clock.Seconds(firstBulk, lastBulk) : double.NaN;
        var runtime = await relay.ReadRuntimeAsync() - runtimeBefore;
        await cts.CancelAsync();
        UnixSockets.Close(device);
        UnixSockets.Close(client);
        await Task.WhenAll(new[] { echo, bulk, reader }.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        if (problem is null && rtts.Count < samples)
            problem = Fmt.I($"{rtts.Count} of {samples} samples in the {cap.TotalSeconds:0} s cap");
        return new LatencyResult(label, load, new Percentiles(rtts), warmup, bulkBps, problem) { Runtime = runtime, Inbound = new Percentiles(inbound), WarmupSeconds = warmupSeconds };
    }

    /// <summary>The VM's bulk output, in chunks between which an echo can get its turn.</summary>
    private static async Task BulkAsync(Socket device, SemaphoreSlim sendLock, double bytesPerSecond, CancellationToken cancellationToken)
    {
        long sent = 0;
        var start = Clock.Now;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!double.IsPositiveInfinity(bytesPerSecond))
            {
                var allowed = Clock.Seconds(start, Clock.Now) * bytesPerSecond;
                if (sent + BulkChunk > allowed)
                {
                    await Task.Delay(1, cancellationToken);
                    continue;
                }
            }
            var offset = (int)(sent % Pattern.Length);
            var n = Math.Min(BulkChunk, Pattern.Length - offset);
            await sendLock.WaitAsync(cancellationToken);
            try
            {
                await UnixSockets.SendAllAsync(device, Pattern.Bytes.AsMemory(offset, n), cancellationToken);
            }
            finally
            {
                sendLock.Release();
            }
            sent += n;
        }
    }
}

/// <summary>
/// Ends a warm-up once the relay's JIT spent less than 5 ms compiling over the last half second (at most 15 s), so
/// samples are taken at a long-running service's speed, not while hot paths are still being recompiled at a higher
/// tier on the same cores. Relays without counters (socat, ser2net: native code) are settled at once.
/// </summary>
internal sealed class JitSettling(IRelay relay, long started)
{
    private long _lastLook;
    private double _lastJitSeconds = double.NaN;

    public async Task<bool> SettledAsync()
    {
        if (Clock.Seconds(started, Clock.Now) > 15)
            return true;
        if (_lastLook != 0 && Clock.Seconds(_lastLook, Clock.Now) < 0.5)
            return false;
        _lastLook = Clock.Now;
        if (await relay.ReadRuntimeAsync() is not { } counters)
            return true;
        var settled = counters.JitSeconds - _lastJitSeconds < 0.005; // false on the first look (NaN)
        _lastJitSeconds = counters.JitSeconds;
        return settled;
    }
}
