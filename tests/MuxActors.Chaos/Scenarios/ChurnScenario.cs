using System.Collections.Concurrent;
using System.Net.Sockets;

namespace MuxActors.Chaos.Scenarios;

/// <summary>
/// Client churn: workers connect unix and TCP clients to two <c>drop</c> backends, over and over, and leave badly
/// (read and close, reset, half-close, never read, read slowly), while a lossless <c>block</c> client and the log
/// file must hold the stream exactly. Every client's bytes are checked too (skips allowed, nothing foreign).
/// </summary>
public static class ChurnScenario
{
    private const int Workers = 24;

    private const string Backends = """
        keep { type = unix-server, path = "run/keep.sock" }
        log  { type = file, path = "run/vm1.log", append = off, flush-interval = 100ms }
        du   { type = unix-server, path = "run/du.sock", on-overflow = drop, mark-drops = on, max-clients = 512 }
        dt   { type = tcp-server, port = 0, on-overflow = drop, mark-drops = on, max-clients = 512 }
        """;

    /// <summary>How a churned client behaves before it goes.</summary>
    public enum Exit
    {
        ReadsAndCloses,
        Resets,
        HalfCloses,
        NeverReads,
        ReadsSlowly,
    }

    public static async Task<ScenarioReport> RunAsync(Profile profile)
    {
        var report = new ScenarioReport("client churn");
        var started = DateTime.UtcNow;
        await using var rig = await Rig.StartAsync(Backends, 4 << 20);
        var endpoints = new[] { rig.Unix("du"), await rig.TcpAsync("dt") };
        await using var keep = await CheckedClient.ConnectAsync("block client", rig.Unix("keep"), start: 0);
        await rig.Service.WaitUntilAsync(() => rig.Service.Attached("keep") == 1, "the block client attached", TimeSpan.FromSeconds(20));
        await using var resources = Resources.Watch(rig.Service.Pid);
        rig.Vm.StartWriting();

        var exits = new ConcurrentDictionary<Exit, int>();
        long clientBytes = 0, skips = 0;
        using (var stop = new CancellationTokenSource(profile.Churn))
        {
            await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
            {
                var random = new Random(profile.Seed * 1000 + worker);
                var n = 0;
                while (!stop.IsCancellationRequested)
                {
                    var endpoint = endpoints[random.Next(endpoints.Length)];
                    var exit = (Exit)random.Next(5);
                    var checker = new StreamChecker($"churn client {worker}.{n++} ({endpoint}, {exit})", gapsAllowed: true, start: null);
                    await RunClientAsync(endpoint, exit, checker, random, report);
                    report.Check(checker);
                    exits.AddOrUpdate(exit, 1, (_, c) => c + 1);
                    Interlocked.Add(ref clientBytes, checker.Checked);
                    Interlocked.Add(ref skips, checker.Skips);
                }
            })));
        }

        var total = await rig.Vm.StopWritingAsync();
        var churned = exits.Values.Sum();
        await keep.WaitForAsync(total, TimeSpan.FromSeconds(60));
        var log = await rig.CheckLogAsync(total, TimeSpan.FromSeconds(60));
        report.Check(keep.Checker);
        report.Check(log);
        if (keep.Closed)
            report.Fail("the block client was disconnected");
        ExpectPosition(report, keep.Checker, total);
        ExpectPosition(report, log, total);
        var gone = Gone(rig.Service, churned);
        try
        {
            await rig.Service.WaitUntilAsync(gone, "every churned client attached and detached", TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            report.Fail($"clients: {churned} churned, the service attached {rig.Service.Attached("du") + rig.Service.Attached("dt")} and detached {rig.Service.Detached("du") + rig.Service.Detached("dt")}");
        }
        await resources.SettleAsync(fdSlack: 8);
        rig.CheckHealthy(report);

        report.Figure("clients churned", churned);
        report.Figure("clients per second", (churned / profile.Churn.TotalSeconds).ToString("0", System.Globalization.CultureInfo.InvariantCulture));
        foreach (var exit in Enum.GetValues<Exit>())
            report.Figure($"  of which {exit}", exits.GetValueOrDefault(exit));
        report.Figure("stream bytes written by the console", total);
        report.Figure("bytes checked (block client + file)", keep.Checker.Checked + log.Checked);
        report.Figure("bytes checked (churned clients)", clientBytes);
        report.Figure("skips seen by churned clients", skips);
        resources.Report(report, fdSlack: 8, rssGrowthKiB: 96 * 1024);
        var exitCode = await rig.StopAsync();
        if (exitCode != 0)
            report.Fail($"the service exited with {exitCode} on SIGTERM");
        report.Elapsed = DateTime.UtcNow - started;
        return report;
    }

    private static Func<bool> Gone(MuxService service, int churned) => () =>
        service.Attached("du") + service.Attached("dt") == churned && service.Detached("du") + service.Detached("dt") == churned;

    /// <summary>A lossless sink ends exactly at the stream's end.</summary>
    public static void ExpectPosition(ScenarioReport report, StreamChecker checker, long total)
    {
        if (checker.Finding is null && checker.Position != total)
            report.Fail($"{checker.Name}: holds the stream up to offset {checker.Position}, the console wrote {total}");
    }

    private static async Task RunClientAsync(Endpoint endpoint, Exit exit, StreamChecker checker, Random random, ScenarioReport report)
    {
        Socket socket;
        try
        {
            socket = await endpoint.ConnectAsync();
        }
        catch (SocketException ex)
        {
            report.Fail($"{checker.Name}: could not connect: {ex.SocketErrorCode}");
            return;
        }
        try
        {
            switch (exit)
            {
                case Exit.ReadsAndCloses:
                    await ReadAsync(socket, checker, 4096 + random.Next(64 * 1024), TimeSpan.FromMilliseconds(300), slowly: false, report);
                    break;
                case Exit.Resets:
                    await ReadAsync(socket, checker, 1 + random.Next(16 * 1024), TimeSpan.FromMilliseconds(200), slowly: false, report);
                    socket.LingerState = new LingerOption(true, 0); // close sends RST (TCP)
                    break;
                case Exit.HalfCloses:
                    socket.Shutdown(SocketShutdown.Send);
                    await ReadAsync(socket, checker, 4096, TimeSpan.FromMilliseconds(300), slowly: false, report);
                    break;
                case Exit.NeverReads:
                    await Task.Delay(50 + random.Next(350)); // the behaviour itself: connected, reading nothing
                    break;
                case Exit.ReadsSlowly:
                    // Falls behind, then catches up: it reads past the drop marker and the skip.
                    await ReadAsync(socket, checker, long.MaxValue, TimeSpan.FromMilliseconds(400), slowly: true, report);
                    await ReadAsync(socket, checker, 1 << 20, TimeSpan.FromMilliseconds(400), slowly: false, report);
                    break;
            }
        }
        catch (SocketException ex)
        {
            report.Fail($"{checker.Name}: {ex.SocketErrorCode} while connected");
        }
        finally
        {
            socket.Dispose();
        }
    }

    private static async Task ReadAsync(Socket socket, StreamChecker checker, long upTo, TimeSpan duration, bool slowly, ScenarioReport report)
    {
        using var cts = new CancellationTokenSource(duration);
        var buffer = new byte[slowly ? 512 : 16 * 1024];
        long read = 0;
        try
        {
            while (read < upTo)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0)
                {
                    report.Fail($"{checker.Name}: closed by the service after {read} bytes");
                    return;
                }
                checker.Feed(buffer.AsSpan(0, n));
                read += n;
                if (slowly)
                    await Task.Delay(50, cts.Token); // the behaviour itself: a slow reader
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
