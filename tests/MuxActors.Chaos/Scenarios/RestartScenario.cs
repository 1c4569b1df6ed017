namespace MuxActors.Chaos.Scenarios;

/// <summary>
/// Console restarts: the stand-in console goes away in turn by closing, refusing, vanishing and coming back slowly,
/// while it writes the stream on; clients stay attached, see one notice per outage and per return, and the lossless
/// client and the log file hold the stream exactly across every restart.
/// </summary>
public static class RestartScenario
{
    private const string Backends = """
        keep { type = unix-server, path = "run/keep.sock" }
        log  { type = file, path = "run/vm1.log", append = off, flush-interval = 100ms }
        dt   { type = tcp-server, port = 0, on-overflow = drop, mark-drops = on }
        """;

    public static async Task<ScenarioReport> RunAsync(Profile profile)
    {
        var report = new ScenarioReport("console restarts");
        var started = DateTime.UtcNow;
        await using var rig = await Rig.StartAsync(Backends, 2 << 20);
        await using var keep = await CheckedClient.ConnectAsync("block client", rig.Unix("keep"), start: 0);
        await using var watcher = await CheckedClient.ConnectAsync("drop client", await rig.TcpAsync("dt"), start: null);
        await rig.Service.WaitUntilAsync(() => rig.Service.Attached("keep") == 1 && rig.Service.Attached("dt") == 1, "both clients attached", TimeSpan.FromSeconds(20));
        await using var resources = Resources.Watch(rig.Service.Pid);
        rig.Vm.StartWriting();

        var random = new Random(profile.Seed);
        var outages = new int[4];
        var restarts = 0;
        var end = DateTime.UtcNow + profile.Restarts;
        while (DateTime.UtcNow < end && !report.Findings.Any())
        {
            await keep.WaitForAsync(rig.Vm.Written + 64 * 1024, TimeSpan.FromSeconds(30)); // output flows again
            var outage = (ConsoleOutage)(restarts % 4);
            await rig.Vm.GoDownAsync(outage);
            if (outage != ConsoleOutage.Closes)
                await Task.Delay(200 + random.Next(600)); // how long the console stays away: the fault itself
            await rig.Vm.ComeBackAsync(TimeSpan.FromSeconds(30));
            outages[(int)outage]++;
            restarts++;
            await rig.Service.WaitForCountAsync("console frontend connected", restarts + 1, TimeSpan.FromSeconds(30));
        }

        var total = await rig.Vm.StopWritingAsync();
        await keep.WaitForAsync(total, TimeSpan.FromSeconds(60));
        var log = await rig.CheckLogAsync(total, TimeSpan.FromSeconds(60));
        report.Check(keep.Checker);
        report.Check(log);
        report.Check(watcher.Checker);
        ChurnScenario.ExpectPosition(report, keep.Checker, total);
        ChurnScenario.ExpectPosition(report, log, total);
        foreach (var client in new[] { keep, watcher })
        {
            if (client.Closed)
                report.Fail($"{client.Checker.Name} was disconnected");
            try
            {
                await client.WaitUntilAsync(() => client.Checker.CountNotices("' disconnected") >= restarts && client.Checker.CountNotices("' connected") >= restarts,
                    $"{restarts} down and {restarts} up notices", TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
            }
            var down = client.Checker.CountNotices("' disconnected");
            var up = client.Checker.CountNotices("' connected");
            if (down != restarts || up != restarts)
                report.Fail($"{client.Checker.Name}: {down} 'disconnected' and {up} 'connected' notices for {restarts} restarts");
        }
        var logged = rig.Service.Count("console frontend disconnected");
        if (logged != restarts)
            report.Fail($"the service logged {logged} console disconnections for {restarts} restarts");
        await resources.SettleAsync(fdSlack: 8);
        rig.CheckHealthy(report);

        report.Figure("console restarts", restarts);
        foreach (var outage in Enum.GetValues<ConsoleOutage>())
            report.Figure($"  of which {outage}", outages[(int)outage]);
        report.Figure("notices seen by the block client (down / up)", $"{keep.Checker.CountNotices("' disconnected")} / {keep.Checker.CountNotices("' connected")}");
        report.Figure("stream bytes written by the console", total);
        report.Figure("bytes checked (block client + file + drop client)", keep.Checker.Checked + log.Checked + watcher.Checker.Checked);
        resources.Report(report, fdSlack: 8, rssGrowthKiB: 64 * 1024);
        var exitCode = await rig.StopAsync();
        if (exitCode != 0)
            report.Fail($"the service exited with {exitCode} on SIGTERM");
        report.Elapsed = DateTime.UtcNow - started;
        return report;
    }
}
