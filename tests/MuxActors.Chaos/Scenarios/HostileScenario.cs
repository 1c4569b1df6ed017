using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using MuxActors.TestSupport;

namespace MuxActors.Chaos.Scenarios;

/// <summary>
/// Hostile clients: more clients than <c>max-clients</c> (each refused with a line, the others unharmed, freed slots
/// usable again), idle connections held the whole time, input floods and garbage toward a console that reads slowly,
/// and meanwhile a typist whose every keystroke must reach the console, whole, within a bound.
/// </summary>
public static class HostileScenario
{
    private const int Limit = 8;
    private const int Idle = 100;
    private const int Flooders = 4;
    private static readonly TimeSpan KeystrokeBound = TimeSpan.FromSeconds(3);

    private const string Backends = """
        log    { type = file, path = "run/vm1.log", append = off, flush-interval = 100ms }
        lim    { type = unix-server, path = "run/lim.sock", on-overflow = drop, max-clients = 8 }
        idle   { type = tcp-server, port = 0, on-overflow = drop, max-clients = 256 }
        flood  { type = tcp-server, port = 0, on-overflow = drop, max-clients = 16 }
        typist { type = unix-server, path = "run/typist.sock", on-overflow = drop }
        """;

    public static async Task<ScenarioReport> RunAsync(Profile profile)
    {
        var report = new ScenarioReport("hostile clients");
        var started = DateTime.UtcNow;
        await using var rig = await Rig.StartAsync(Backends, 1 << 20, inputBytesPerSecond: 2 << 20);
        var service = rig.Service;
        await using var resources = Resources.Watch(service.Pid);
        rig.Vm.StartWriting();

        // Over max-clients: the first eight attach, every one after is refused with a line; two leave, two new ones fit.
        var members = new List<CheckedClient>();
        for (var i = 0; i < Limit; i++)
            members.Add(await CheckedClient.ConnectAsync($"lim client {i}", rig.Unix("lim"), start: null));
        await service.WaitUntilAsync(() => service.Attached("lim") == Limit, $"{Limit} lim clients attached", TimeSpan.FromSeconds(20));
        var refusals = await Task.WhenAll(Enumerable.Range(0, 2 * Limit).Select(_ => OverLimitAsync(rig.Unix("lim"))));
        foreach (var refusal in refusals.Where(r => !r.StartsWith("muxactors: too many clients on 'lim'", StringComparison.Ordinal)).Take(3))
            report.Fail($"a client over max-clients got '{refusal}', not the refusal line");
        for (var i = 0; i < 2; i++)
        {
            await members[i].DisposeAsync();
            report.Check(members[i].Checker);
        }
        members.RemoveRange(0, 2);
        await service.WaitUntilAsync(() => service.Detached("lim") == 2, "two lim clients detached", TimeSpan.FromSeconds(20));
        for (var i = 0; i < 2; i++)
            members.Add(await CheckedClient.ConnectAsync($"lim client {Limit + i}", rig.Unix("lim"), start: null));
        await service.WaitUntilAsync(() => service.Attached("lim") == Limit + 2, "two new lim clients attached in the freed slots", TimeSpan.FromSeconds(20));

        // Idle connections, held to the end.
        var idleEndpoint = await rig.TcpAsync("idle");
        var idle = await Task.WhenAll(Enumerable.Range(0, Idle).Select(_ => idleEndpoint.ConnectAsync()));
        await service.WaitUntilAsync(() => service.Attached("idle") == Idle, $"{Idle} idle clients attached", TimeSpan.FromSeconds(20));

        // Floods and garbage toward a console that reads 2 MiB/s, and a typist.
        var floodEndpoint = await rig.TcpAsync("flood");
        long flooded = 0;
        var sent = new Dictionary<int, long>();
        await using var typist = await CheckedClient.ConnectAsync("typist", rig.Unix("typist"), start: null);
        using (var stop = new CancellationTokenSource(profile.Hostile))
        {
            var floods = Enumerable.Range(0, Flooders + 1).Select(i => Task.Run(async () =>
                Interlocked.Add(ref flooded, await FloodAsync(floodEndpoint, garbage: i == Flooders, new Random(profile.Seed + i), stop.Token)))).ToArray();
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            for (var key = 0; await WaitTickAsync(timer, stop.Token); key++)
            {
                sent[key] = Stopwatch.GetTimestamp();
                await typist.SendAsync(ConsoleVm.Keystroke(key));
            }
            await Task.WhenAll(floods);
        }
        try
        {
            await rig.Vm.WaitUntilAsync(() => sent.Keys.All(rig.Vm.Keystrokes.ContainsKey), "every keystroke", TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            report.Fail($"keystrokes: {sent.Keys.Count(k => !rig.Vm.Keystrokes.ContainsKey(k))} of {sent.Count} never reached the console");
        }
        var latencies = sent.Where(k => rig.Vm.Keystrokes.ContainsKey(k.Key))
            .Select(k => Stopwatch.GetElapsedTime(k.Value, rig.Vm.Keystrokes[k.Key]).TotalMilliseconds).Order().ToArray();
        var bound = TestTimeouts.Dilated(KeystrokeBound).TotalMilliseconds;
        if (latencies.Length > 0 && latencies[^1] > bound)
            report.Fail($"keystrokes: the slowest took {latencies[^1]:0} ms to reach the console under the flood (bound {bound:0} ms)");

        var total = await rig.Vm.StopWritingAsync();
        var log = await rig.CheckLogAsync(total, TimeSpan.FromSeconds(60));
        report.Check(log);
        ChurnScenario.ExpectPosition(report, log, total);
        foreach (var member in members)
        {
            report.Check(member.Checker);
            if (member.Closed)
                report.Fail($"{member.Checker.Name} was disconnected");
            await member.DisposeAsync();
        }
        report.Check(typist.Checker);
        if (service.Detached("idle") > 0)
            report.Fail($"{service.Detached("idle")} idle clients were disconnected");
        foreach (var socket in idle)
            socket.Dispose();
        await service.WaitUntilAsync(() => service.Detached("flood") == Flooders + 1 && service.Detached("idle") == Idle, "the flooders and idle clients detached", TimeSpan.FromSeconds(30));
        await resources.SettleAsync(fdSlack: 8);
        rig.CheckHealthy(report);

        report.Figure("clients refused over max-clients", refusals.Length);
        report.Figure("idle connections held", Idle);
        report.Figure("input flooded and garbage sent (bytes)", flooded);
        report.Figure("input read by the console (bytes)", rig.Vm.InputBytes);
        report.Figure("keystrokes (sent / arrived)", $"{sent.Count} / {latencies.Length}");
        if (latencies.Length > 0)
            report.Figure("keystroke latency p50 / p99 / max (ms)", $"{latencies[latencies.Length / 2]:0.0} / {latencies[(int)(latencies.Length * 0.99)]:0.0} / {latencies[^1]:0.0}");
        report.Figure("stream bytes checked (file)", log.Checked);
        resources.Report(report, fdSlack: 8, rssGrowthKiB: 64 * 1024);
        var exitCode = await rig.StopAsync();
        if (exitCode != 0)
            report.Fail($"the service exited with {exitCode} on SIGTERM");
        report.Elapsed = DateTime.UtcNow - started;
        return report;
    }

    private static async Task<bool> WaitTickAsync(PeriodicTimer timer, CancellationToken token)
    {
        try
        {
            return await timer.WaitForNextTickAsync(token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Connects over the limit and reads until the service closes: what it said.</summary>
    private static async Task<string> OverLimitAsync(Endpoint endpoint)
    {
        using var socket = await endpoint.ConnectAsync();
        using var cts = new CancellationTokenSource(TestTimeouts.Dilated(TimeSpan.FromSeconds(10)));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) is var n and > 0)
                received.Write(buffer, 0, n);
        }
        catch (OperationCanceledException)
        {
            return "(nothing: still open after 10 s) " + Encoding.UTF8.GetString(received.ToArray());
        }
        catch (SocketException ex)
        {
            return $"({ex.SocketErrorCode}) " + Encoding.UTF8.GetString(received.ToArray());
        }
        return Encoding.UTF8.GetString(received.ToArray());
    }

    /// <summary>Writes input as fast as the service takes it (garbage: random bursts of any byte but the keystroke marker); never reads.</summary>
    private static async Task<long> FloodAsync(Endpoint endpoint, bool garbage, Random random, CancellationToken stop)
    {
        using var socket = await endpoint.ConnectAsync(CancellationToken.None);
        var buffer = new byte[64 * 1024];
        long sent = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var n = garbage ? 1 + random.Next(512) : buffer.Length;
                random.NextBytes(buffer.AsSpan(0, n));
                buffer.AsSpan(0, n).Replace(ConsoleVm.KeyMarker, (byte)0xff);
                sent += await socket.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, stop);
                if (garbage)
                    await Task.Delay(random.Next(20), stop); // bursts, not a stream
            }
        }
        catch (OperationCanceledException)
        {
        }
        return sent;
    }
}
