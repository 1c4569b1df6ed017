using MuxActors.TestSupport;

namespace MuxActors.Chaos;

/// <summary>
/// One scenario's set-up: a scratch folder, the stand-in console (not writing yet), and the real service on a
/// configuration with one mux <c>vm1</c> whose backends the scenario gives; started and connected to the console.
/// </summary>
public sealed class Rig : IAsyncDisposable
{
    private Rig(string dir, ConsoleVm vm, MuxService service)
    {
        Dir = dir;
        Vm = vm;
        Service = service;
    }

    public string Dir { get; }

    public ConsoleVm Vm { get; }

    public MuxService Service { get; private set; }

    public string ConfigPath => Path.Combine(Dir, "chaos.conf");

    /// <summary>The configuration text: mux vm1 with <paramref name="backends"/>; <paramref name="more"/> goes inside <c>muxactors { }</c>.</summary>
    public static string Config(string backends, string more = "") => $$"""
        muxactors {
          management.listen = "unix:run/mgmt.sock"
          muxes.vm1 {
            notify = on
            frontend { type = unix-client, path = "vm.sock", reconnect = 100ms, reconnect-max = 400ms }
            backends {
              {{backends}}
            }
          }
          {{more}}
        }
        """;

    /// <summary>Starts the console (output at <paramref name="bytesPerSecond"/>, input read at <paramref name="inputBytesPerSecond"/>; 0 unpaced) and the service, and waits until the service has connected and the log file <c>run/vm1.log</c> is attached.</summary>
    public static async Task<Rig> StartAsync(string backends, long bytesPerSecond, long inputBytesPerSecond = 0)
    {
        // Short: unix socket paths are limited to 108 bytes.
        var dir = Directory.CreateTempSubdirectory("mxc-").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "run"));
        var vm = new ConsoleVm(Path.Combine(dir, "vm.sock"), bytesPerSecond) { InputBytesPerSecond = inputBytesPerSecond };
        var configPath = Path.Combine(dir, "chaos.conf");
        await File.WriteAllTextAsync(configPath, Config(backends));
        var service = MuxService.Start(configPath);
        var rig = new Rig(dir, vm, service);
        try
        {
            await vm.AcceptAsync(TimeSpan.FromSeconds(30));
            await service.WaitUntilAsync(() => service.Attached("log") == 1, "the log file attached", TimeSpan.FromSeconds(30));
            var servers = backends.Split('\n').Count(l => l.Contains("-server", StringComparison.Ordinal));
            await service.WaitUntilAsync(() => service.Count(": listening on ") >= servers, $"{servers} backend(s) listening", TimeSpan.FromSeconds(30));
            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    public string Run(string file) => Path.Combine(Dir, "run", file);

    public Endpoint Unix(string chardev) => Endpoint.Unix(Run(chardev + ".sock"));

    public async Task<Endpoint> TcpAsync(string chardev) => Endpoint.Tcp(await Service.TcpPortAsync(chardev));

    /// <summary>Writes a configuration file atomically (a reload never reads half a file).</summary>
    public async Task WriteConfigAsync(string text)
    {
        var temp = ConfigPath + ".new";
        await File.WriteAllTextAsync(temp, text);
        File.Move(temp, ConfigPath, overwrite: true);
    }

    /// <summary>
    /// Reads the log file <c>run/vm1.log</c> through a lossless checker from offset 0 until it holds
    /// <paramref name="total"/> stream bytes (or has a finding, or the deadline passes); flushed every 100 ms.
    /// </summary>
    public async Task<StreamChecker> CheckLogAsync(long total, TimeSpan timeout, Func<StreamChecker, bool>? done = null)
    {
        var checker = new StreamChecker("file run/vm1.log", gapsAllowed: false, start: 0);
        done ??= c => c.Position >= total;
        var deadline = DateTime.UtcNow + TestTimeouts.Dilated(timeout);
        await using var file = new FileStream(Run("vm1.log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[256 * 1024];
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            int n;
            while ((n = await file.ReadAsync(buffer)) > 0)
                checker.Feed(buffer.AsSpan(0, n));
            if (done(checker) || checker.Finding is not null || DateTime.UtcNow > deadline)
                return checker;
            await timer.WaitForNextTickAsync(); // the file is flushed on an interval; read it again
        }
    }

    /// <summary>SIGTERM and the exit code.</summary>
    public async Task<int> StopAsync()
    {
        Service.Signal("TERM");
        return await Service.WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Checks that the service is still up and logged no error.</summary>
    public void CheckHealthy(ScenarioReport report)
    {
        if (Service.HasExited)
            report.Fail($"the service exited during the scenario; last lines:\n{Service.Tail}");
        foreach (var line in Service.Errors)
            report.Fail("the service logged: " + line);
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await Vm.DisposeAsync();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
