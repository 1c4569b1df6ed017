namespace MuxActors.Chaos.Scenarios;

/// <summary>
/// SIGTERM mid-burst, in rounds: the console floods at full speed; the service is stopped while the lossless client
/// reads. The log file must be a gap-free prefix of the stream that ends with the stop notice, the lossless client
/// must hold the same prefix and notice, and the socket files must be gone.
/// </summary>
public static class StopScenario
{
    private const string Notice = "the service is stopping";

    private const string Backends = """
        keep { type = unix-server, path = "run/keep.sock" }
        log  { type = file, path = "run/vm1.log", append = off, flush-interval = 100ms }
        dt   { type = tcp-server, port = 0, on-overflow = drop, mark-drops = on }
        """;

    public static async Task<ScenarioReport> RunAsync(Profile profile)
    {
        var report = new ScenarioReport("SIGTERM mid-burst");
        var started = DateTime.UtcNow;
        var random = new Random(profile.Seed);
        long checkedBytes = 0, smallest = long.MaxValue, largest = 0;
        for (var round = 1; round <= profile.StopRounds && report.Findings.Count == 0; round++)
        {
            await using var rig = await Rig.StartAsync(Backends, bytesPerSecond: 0);
            await using var keep = await CheckedClient.ConnectAsync($"round {round}: block client", rig.Unix("keep"), start: 0);
            await using var watcher = await CheckedClient.ConnectAsync($"round {round}: drop client", await rig.TcpAsync("dt"), start: null);
            await rig.Service.WaitUntilAsync(() => rig.Service.Attached("keep") == 1 && rig.Service.Attached("dt") == 1, "both clients attached", TimeSpan.FromSeconds(20));
            rig.Vm.StartWriting();
            await keep.WaitForAsync((1 << 20) + random.Next(4 << 20), TimeSpan.FromSeconds(30));

            var exitCode = await rig.StopAsync();
            var written = await rig.Vm.StopWritingAsync();
            if (exitCode != 0)
                report.Fail($"round {round}: the service exited with {exitCode} on SIGTERM");
            await keep.WaitUntilAsync(() => keep.Closed, "the end of the session", TimeSpan.FromSeconds(10));
            await watcher.WaitUntilAsync(() => watcher.Closed, "the end of the session", TimeSpan.FromSeconds(10));
            var log = await rig.CheckLogAsync(written, TimeSpan.Zero, _ => true);
            foreach (var checker in new[] { keep.Checker, log, watcher.Checker })
            {
                report.Check(checker);
                if (!checker.EndsWithNotice(Notice))
                    report.Fail($"{checker.Name}: does not end with the stop notice (notices: {string.Join(" | ", checker.Notices)})");
            }
            if (log.Position != keep.Position)
                report.Fail($"round {round}: the log holds the stream up to offset {log.Position}, the block client up to {keep.Position}");
            if (log.Position > written)
                report.Fail($"round {round}: the log holds {log.Position} bytes, the console wrote only {written}");
            foreach (var socket in new[] { "keep.sock", "mgmt.sock" })
            {
                if (File.Exists(rig.Run(socket)))
                    report.Fail($"round {round}: run/{socket} is still there after the stop");
            }
            checkedBytes += keep.Checker.Checked + log.Checked + watcher.Checker.Checked;
            smallest = Math.Min(smallest, log.Position);
            largest = Math.Max(largest, log.Position);
        }
        report.Figure("rounds", profile.StopRounds);
        report.Figure("stream bytes in the log at the stop (smallest / largest)", $"{smallest} / {largest}");
        report.Figure("bytes checked (block client + file + drop client)", checkedBytes);
        report.Elapsed = DateTime.UtcNow - started;
        return report;
    }
}
