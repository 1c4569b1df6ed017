using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace MuxActors.LoadTest.Vnc;

/// <summary>
/// One muxactors service (the Release build next to the tool) with one mux named <c>bench</c>: the frontend and
/// backends given as HOCON. Ready when it logged "MuxActors ready" and, when it has a vc, the port its viewers use.
/// </summary>
internal sealed partial class VncService : IAsyncDisposable
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _vncPort = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ChildProcess? _process;

    public int Pid => _process!.Pid;

    /// <summary>Where the vc's viewers connect (when the mux has a vc).</summary>
    public IPEndPoint VncEndPoint => new(IPAddress.Loopback, _vncPort.Task.Result);

    public static async Task<VncService> StartAsync(TempDir dir, string name, string frontend, string backends, bool hasVc)
    {
        var config = $$"""
            muxactors {
              logging.level = info
              management.listen = off
              muxes.bench {
                frontend { {{frontend}} }
                backends { {{backends}} }
              }
            }
            """;
        var file = dir.File(name + ".conf");
        await File.WriteAllTextAsync(file, config);
        if (!File.Exists(Relays.MuxActorsDll))
            throw new FileNotFoundException("muxactors.dll is not next to the load tool (build tests/MuxActors.LoadTest)", Relays.MuxActorsDll);
        var service = new VncService();
        service._process = ChildProcess.Start("muxactors", "dotnet", [Relays.MuxActorsDll, "--config", file], service.OnLine, dir.Path);
        Task wanted = hasVc ? Task.WhenAll(service._ready.Task, service._vncPort.Task) : service._ready.Task;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (!wanted.IsCompleted)
        {
            if (service._process.HasExited || deadline.IsCancellationRequested)
            {
                string tail = service._process.HasExited ? await service._process.EndReportAsync() : service._process.Tail;
                await service.DisposeAsync();
                throw new InvalidOperationException($"muxactors ({name}) did not get ready (exited or 120 s passed):\n{tail}");
            }
            await Task.WhenAny(wanted, Task.Delay(100)); // wait-ok: re-checks that the process is still alive
        }
        Console.WriteLine($"    (muxactors {name}: pid {service.Pid}, {file})");
        return service;
    }

    /// <summary>CPU seconds of the service itself (user + system).</summary>
    public double CpuSeconds() => Proc.CpuSeconds(Pid);

    /// <summary>CPU seconds of the service's children and everything they reaped (the console's shell and its cats).</summary>
    public double ChildrenCpuSeconds() => ProcTree.Children(Pid).Sum(ProcTree.CpuWithReapedChildren);

    public IReadOnlyList<string> Warnings => _process?.Warnings ?? [];

    private void OnLine(string line)
    {
        if (line.Contains("MuxActors ready:", StringComparison.Ordinal))
            _ready.TrySetResult();
        else if (VncOn().Match(line) is { Success: true } match)
            _vncPort.TrySetResult(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"VNC on 127\.0\.0\.1:(\d+)")]
    private static partial Regex VncOn();

    public ValueTask DisposeAsync() => _process?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>Processes below a process, read from /proc.</summary>
internal static class ProcTree
{
    public static List<int> Children(int pid)
    {
        var children = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out int child))
                continue;
            if (Stat(child) is { } fields && fields[1] == pid.ToString(CultureInfo.InvariantCulture))
                children.Add(child);
        }
        return children;
    }

    /// <summary>utime + stime + cutime + cstime in seconds (0 when the process is gone).</summary>
    public static double CpuWithReapedChildren(int pid) =>
        Stat(pid) is { } f ? (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)
            + long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture)) / 100.0 : 0;

    // The fields after the command name: [0] state, [1] ppid, ..., [11] utime, [12] stime, [13] cutime, [14] cstime.
    private static string[]? Stat(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }
}
