using System.Globalization;

namespace MuxActors.Chaos;

/// <summary>The service's descriptors and resident memory, read from /proc, sampled every half second between marks.</summary>
public sealed class Resources : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private readonly Dictionary<string, int> _kindsBefore;

    private Resources(int pid)
    {
        _pid = pid;
        (FdsBefore, RssBefore) = (Fds(pid), RssKiB(pid));
        (FdsPeak, RssPeak) = (FdsBefore, RssBefore);
        _kindsBefore = FdKinds(pid);
        _sampler = Task.Run(SampleAsync);
    }

    public int FdsBefore { get; }

    public long RssBefore { get; }

    public int FdsPeak { get; private set; }

    public long RssPeak { get; private set; }

    public int FdsAfter { get; private set; }

    public long RssAfter { get; private set; }

    /// <summary>Takes the "before" sample now and samples until disposed.</summary>
    public static Resources Watch(int pid) => new(pid);

    /// <summary>
    /// Open descriptors, not counting the runtime's code files (.dll, .pdb, .so): it opens those as it first needs
    /// them (the first error's stack trace loads a few), which is loading, not leaking.
    /// </summary>
    public static int Fds(int pid)
    {
        try
        {
            return Directory.GetFiles($"/proc/{pid}/fd").Select(Target).Count(t => t is not null && !IsCode(t));
        }
        catch (IOException)
        {
            return -1;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }

    /// <summary>What a descriptor refers to; null when it closed meanwhile.</summary>
    private static string? Target(string fd)
    {
        try
        {
            return new FileInfo(fd).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool IsCode(string? target) =>
        target is not null && (target.EndsWith(".dll", StringComparison.Ordinal) || target.EndsWith(".pdb", StringComparison.Ordinal) || target.EndsWith(".so", StringComparison.Ordinal));

    /// <summary>Open descriptors by kind (socket, pipe, anon_inode:[eventfd], a file's path).</summary>
    public static Dictionary<string, int> FdKinds(int pid)
    {
        var kinds = new Dictionary<string, int>();
        try
        {
            foreach (var fd in Directory.GetFiles($"/proc/{pid}/fd"))
            {
                var target = Target(fd);
                if (target is null || IsCode(target))
                    continue;
                var kind = target.Contains(':', StringComparison.Ordinal) && !target.StartsWith('/') ? target.Split(':')[0] + (target.Contains('[', StringComparison.Ordinal) ? target[target.IndexOf('[', StringComparison.Ordinal)..] : "") : target;
                kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            }
        }
        catch (IOException)
        {
        }
        return kinds;
    }

    /// <summary>The kinds of descriptor that grew since the "before" sample.</summary>
    public string Growth()
    {
        var now = FdKinds(_pid);
        return string.Join(", ", now.Where(k => k.Value > _kindsBefore.GetValueOrDefault(k.Key)).Select(k => $"{k.Key} {_kindsBefore.GetValueOrDefault(k.Key)} -> {k.Value}"));
    }

    /// <summary>
    /// Whether the process ignores SIGHUP: it inherits an ignored signal (a tool started under <c>nohup</c> passes it
    /// on), and the .NET runtime then leaves it ignored, so a reload by signal never happens.
    /// </summary>
    public static bool IgnoresSighup(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 1) != 0;
    }

    /// <summary>The process's signal masks and thread count from /proc/PID/status, for a finding about a signal.</summary>
    public static string SignalsAndThreads(int pid)
    {
        try
        {
            return string.Join(", ", File.ReadLines($"/proc/{pid}/status")
                .Where(l => l.StartsWith("Sig", StringComparison.Ordinal) || l.StartsWith("ShdPnd", StringComparison.Ordinal) || l.StartsWith("Threads", StringComparison.Ordinal))
                .Select(l => string.Join(' ', l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))));
        }
        catch (IOException)
        {
            return "gone";
        }
    }

    public static long RssKiB(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
                Sample();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Sample()
    {
        FdsPeak = Math.Max(FdsPeak, Fds(_pid));
        RssPeak = Math.Max(RssPeak, RssKiB(_pid));
    }

    /// <summary>
    /// The "after" sample, once the load has gone: waits (up to 15 s) for the descriptors to come back within
    /// <paramref name="fdSlack"/> of before, since closed clients are released asynchronously; the bound is checked by the caller.
    /// </summary>
    public async Task SettleAsync(int fdSlack)
    {
        var deadline = DateTime.UtcNow + MuxActors.TestSupport.TestTimeouts.Dilated(TimeSpan.FromSeconds(15));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (Fds(_pid) > FdsBefore + fdSlack && DateTime.UtcNow < deadline)
            await timer.WaitForNextTickAsync();
        Sample();
        (FdsAfter, RssAfter) = (Fds(_pid), RssKiB(_pid));
    }

    /// <summary>Adds the figures and a finding for each bound broken: descriptors back within the slack, memory within the growth allowed.</summary>
    public void Report(ScenarioReport report, int fdSlack, long rssGrowthKiB)
    {
        report.Figure("fds before / peak / after", $"{FdsBefore} / {FdsPeak} / {FdsAfter}");
        report.Figure("RSS before / peak / after (MiB)", $"{RssBefore / 1024.0:0.0} / {RssPeak / 1024.0:0.0} / {RssAfter / 1024.0:0.0}");
        if (FdsAfter > FdsBefore + fdSlack)
            report.Fail($"descriptors: {FdsAfter} after the load, {FdsBefore} before (more than {fdSlack} left open: {Growth()})");
        if (RssAfter > RssBefore + rssGrowthKiB)
            report.Fail($"memory: resident {RssAfter / 1024} MiB after the load, {RssBefore / 1024} MiB before (more than {rssGrowthKiB / 1024} MiB growth)");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        _stop.Dispose();
    }
}
