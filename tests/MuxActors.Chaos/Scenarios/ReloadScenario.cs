namespace MuxActors.Chaos.Scenarios;

/// <summary>
/// Reload storms: configuration files that change a backend, add one, remove one, add a mux, or are broken (syntax,
/// a bad value), each followed by SIGHUP, some waited for and some back to back. The backend that never changes keeps
/// its lossless client connected and exact, the log file (also unchanged) stays exact, and broken files are rejected.
/// </summary>
public static class ReloadScenario
{
    private const string Kept = """
        keep { type = unix-server, path = "run/keep.sock" }
        log  { type = file, path = "run/vm1.log", append = off, flush-interval = 100ms }
        """;

    private const string Extra = """ext { type = unix-server, path = "run/ext.sock", on-overflow = drop, max-clients = 8 }""";

    private static readonly string Base = Rig.Config(Kept + "\n" + Extra);

    /// <summary>The files of the storm, in turn: name, text, whether it must be rejected.</summary>
    private static readonly (string Name, string Text, bool Broken)[] Files =
    [
        ("changed backend", Rig.Config(Kept + "\n" + Extra.Replace("max-clients = 8", "max-clients = 9", StringComparison.Ordinal)), false),
        ("syntax error", Base.Replace("keep {", "keep {{", StringComparison.Ordinal), true),
        ("added backend", Rig.Config(Kept + "\n" + Extra + "\next2 { type = tcp-server, port = 0, on-overflow = drop }"), false),
        ("bad value", Rig.Config(Kept + "\n" + Extra.Replace("drop", "sideways", StringComparison.Ordinal)), true),
        ("removed backend", Rig.Config(Kept), false),
        ("added mux", Rig.Config(Kept + "\n" + Extra, """muxes.vm2 { frontend { type = unix-client, path = "nothing.sock" }, backends { n { type = null } } }"""), false),
        ("cut short", Base[..(Base.Length / 2)], true),
        ("original", Base, false),
    ];

    public static async Task<ScenarioReport> RunAsync(Profile profile)
    {
        var report = new ScenarioReport("reload storms");
        var started = DateTime.UtcNow;
        await using var rig = await Rig.StartAsync(Kept + "\n" + Extra, 2 << 20);
        await using var keep = await CheckedClient.ConnectAsync("block client of the unchanged backend", rig.Unix("keep"), start: 0);
        await rig.Service.WaitUntilAsync(() => rig.Service.Attached("keep") == 1, "the block client attached", TimeSpan.FromSeconds(20));
        if (Resources.IgnoresSighup(rig.Service.Pid))
        {
            report.Fail("the service ignores SIGHUP, inherited from this tool (started under nohup?): run it without nohup");
            return report;
        }
        await using var resources = Resources.Watch(rig.Service.Pid);
        rig.Vm.StartWriting();

        var service = rig.Service;
        int Started() => service.Count("Reloading ");
        int Applied() => service.Count("Configuration applied") - 1; // the first is the start-up's
        int Rejected() => service.Count("Reload of ");
        var signals = 0;
        var expectedRejections = 0;
        var end = DateTime.UtcNow + profile.Reloads;
        for (var step = 0; DateTime.UtcNow < end && !keep.Closed; step++)
        {
            var before = Started();
            var burst = step % 4 == 3 ? 3 : 1; // every fourth step: three files and signals back to back
            for (var i = 0; i < burst; i++)
            {
                var (_, text, _) = Files[(step + i) % Files.Length];
                await rig.WriteConfigAsync(text);
                service.Signal("HUP");
                signals++;
            }
            if (burst == 1 && Files[step % Files.Length].Broken)
                expectedRejections++;
            try
            {
                await service.WaitUntilAsync(() => Started() > before && Applied() + Rejected() == Started(), "the reloads to finish", TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                report.Fail($"step {step}: no reload started or finished within 30 s of SIGHUP ({Started()} started, {Applied()} applied, {Rejected()} rejected; the process: {Resources.SignalsAndThreads(service.Pid)})");
                break;
            }
        }
        await rig.WriteConfigAsync(Base);
        var last = Started();
        service.Signal("HUP");
        signals++;
        await service.WaitUntilAsync(() => Started() > last && Applied() + Rejected() == Started(), "the last reload", TimeSpan.FromSeconds(30));
        await using (var ext = await CheckedClient.ConnectAsync("client of the restored backend", rig.Unix("ext"), start: null, within: TimeSpan.FromSeconds(10)))
        {
            await ext.WaitUntilAsync(() => ext.Received > 0 || ext.Closed, "output on the restored backend", TimeSpan.FromSeconds(10));
            report.Check(ext.Checker);
            if (ext.Received == 0)
                report.Fail("the backend restored by the last reload closed its client without output");
        }

        var total = await rig.Vm.StopWritingAsync();
        await keep.WaitForAsync(total, TimeSpan.FromSeconds(60));
        var log = await rig.CheckLogAsync(total, TimeSpan.FromSeconds(60));
        report.Check(keep.Checker);
        report.Check(log);
        if (keep.Closed || service.Detached("keep") > 0)
            report.Fail("the client of the unchanged backend was disconnected by a reload");
        ChurnScenario.ExpectPosition(report, keep.Checker, total);
        ChurnScenario.ExpectPosition(report, log, total);
        if (Rejected() < expectedRejections)
            report.Fail($"{Rejected()} reloads rejected, at least {expectedRejections} broken files were each signalled alone");
        await resources.SettleAsync(fdSlack: 8);
        rig.CheckHealthy(report);

        report.Figure("SIGHUPs sent", signals);
        report.Figure("reloads (applied / rejected)", $"{Applied()} / {Rejected()}");
        report.Figure("stream bytes written by the console", total);
        report.Figure("bytes checked (block client + file)", keep.Checker.Checked + log.Checked);
        resources.Report(report, fdSlack: 8, rssGrowthKiB: 64 * 1024);
        var exitCode = await rig.StopAsync();
        if (exitCode != 0)
            report.Fail($"the service exited with {exitCode} on SIGTERM");
        report.Elapsed = DateTime.UtcNow - started;
        return report;
    }
}
