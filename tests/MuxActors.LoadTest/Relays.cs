using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MuxActors.LoadTest;

/// <summary>
/// What sits between the stand-in VM and the readers: MuxActors, socat, ser2net, or nothing (direct). Each has one or
/// more channels: the VM listens on a unix socket per channel, the relay connects to it (as QEMU's console socket is
/// connected to), and readers connect to the relay's client socket of that channel.
/// </summary>
internal interface IRelay : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Where readers of channel i connect.</summary>
    IReadOnlyList<string> ClientPaths { get; }

    /// <summary>Where a stuck client connects when the relay gives it a backend of its own (MuxActors' S4), else null.</summary>
    string? StuckClientPath => null;

    /// <summary>No relay: readers connect to the VM itself.</summary>
    bool IsDirect { get; }

    /// <summary>The relay's process, if any.</summary>
    int? Pid { get; }

    /// <summary>From the process start to "ready" (MuxActors' ready line; the others: every client socket exists).</summary>
    double ReadySeconds { get; }

    /// <summary>Waits until the relay reports <paramref name="count"/> attached clients in all (MuxActors' attach lines; no-op for the others).</summary>
    Task WaitAttachedAsync(long count, TimeSpan timeout);

    /// <summary>Notable lines from the relay (warnings, errors).</summary>
    IReadOnlyList<string> Warnings { get; }

    /// <summary>The relay's garbage-collector and JIT counters now (MuxActors' /metrics), else null.</summary>
    Task<RuntimeCounters?> ReadRuntimeAsync() => Task.FromResult<RuntimeCounters?>(null);

    /// <summary>The first mux's status (MuxActors' management API, JSON), else null: for the details of a run that stalled.</summary>
    Task<string?> ReadStatusAsync() => Task.FromResult<string?>(null);
}

/// <summary>Starts a relay for the VM sockets given.</summary>
internal delegate Task<IRelay> RelayFactory(TempDir dir, IReadOnlyList<string> vmPaths);

internal static class Relays
{
    /// <summary>The muxactors.dll next to the tool, or <c>MUXACTORS_LOADTEST_DLL</c> (to compare two builds).</summary>
    public static string MuxActorsDll => Environment.GetEnvironmentVariable("MUXACTORS_LOADTEST_DLL") is { Length: > 0 } dll
        ? Path.GetFullPath(dll)
        : Path.Combine(AppContext.BaseDirectory, "muxactors.dll");

    /// <summary>MuxActors: one mux per VM socket, a unix-client frontend and one unix-server backend <c>c</c>.</summary>
    /// <param name="maxClients">The backend's <c>max-clients</c>.</param>
    /// <param name="backendOptions">Extra keys of the backend (e.g. <c>on-overflow = drop</c>).</param>
    /// <param name="muxOptions">Extra keys of each mux (e.g. an <c>output { }</c> block).</param>
    /// <param name="stuckBackendOptions">When set, a second backend for stuck clients with these keys (its own policy).</param>
    public static RelayFactory Mux(int maxClients = 64, string backendOptions = "", string muxOptions = "", string? stuckBackendOptions = null) =>
        async (dir, vmPaths) => await MuxRelay.StartAsync(dir, vmPaths, maxClients, backendOptions, muxOptions + "\n" + ExtraMuxOptions, stuckBackendOptions);

    /// <summary>HOCON added to every mux of every run (<c>--mux-options</c>), to measure a tuning such as <c>output { high-water = 64KiB }</c>.</summary>
    public static string ExtraMuxOptions { get; set; } = "";

    /// <summary>Extra top-level configuration of the service (for example an <c>akka { }</c> block), from <c>--service-options</c>.</summary>
    public static string ExtraServiceOptions { get; set; } = "";

    /// <summary>socat as a 1:1 relay with 64 KiB buffers: <c>socat -b 65536 UNIX-LISTEN:client UNIX-CONNECT:vm</c>.</summary>
    public static RelayFactory Socat() => async (dir, vmPaths) =>
    {
        if (vmPaths.Count != 1)
            throw new ArgumentException("socat relays one channel");
        var client = dir.File("socat.sock");
        var process = ChildProcess.Start("socat", Peers.Socat ?? "socat", ["-b", "65536", "UNIX-LISTEN:" + client, "UNIX-CONNECT:" + vmPaths[0]]);
        var ready = await ExternalRelay.WaitForFilesAsync(process, [client]);
        return new ExternalRelay("socat", process, [client], ready);
    };

    /// <summary>ser2net with a unix accepter per channel, its connector on the VM's unix socket, 64 KiB buffers.</summary>
    /// <param name="maxConnections">Clients per channel.</param>
    /// <param name="charDelay">
    /// ser2net's <c>chardelay</c> (default on): it waits at least 1 ms after device input before sending it on. That
    /// batches bulk output (4× the throughput here) but costs milliseconds per keystroke, so its best is on for bulk
    /// and off for latency.
    /// </param>
    public static RelayFactory Ser2net(int maxConnections, bool charDelay) => async (dir, vmPaths) =>
    {
        var yaml = new StringBuilder();
        var clients = new List<string>();
        for (var i = 0; i < vmPaths.Count; i++)
        {
            var client = dir.File(Fmt.I($"s2n{i}.sock"));
            clients.Add(client);
            yaml.Append(CultureInfo.InvariantCulture, $"""
                connection: &c{i}
                  accepter: unix,{client}
                  connector: unix,{vmPaths[i]}
                  options:
                    max-connections: {maxConnections}
                    dev-to-net-bufsize: 65536
                    net-to-dev-bufsize: 65536
                    chardelay: {(charDelay ? "true" : "false")}

                """);
        }
        var file = dir.File("ser2net.yaml");
        await File.WriteAllTextAsync(file, yaml.ToString());
        var process = ChildProcess.Start("ser2net", Peers.Ser2net ?? "ser2net", ["-n", "-u", "-c", file, "-P", dir.File("ser2net.pid")]);
        var ready = await ExternalRelay.WaitForFilesAsync(process, clients);
        return new ExternalRelay("ser2net", process, clients, ready);
    };

    /// <summary>No relay: the reader connects to the VM's socket (the practical limit).</summary>
    public static RelayFactory Direct() => (_, vmPaths) => Task.FromResult<IRelay>(new DirectRelay(vmPaths));

    private sealed class DirectRelay(IReadOnlyList<string> vmPaths) : IRelay
    {
        public string Name => "direct";
        public IReadOnlyList<string> ClientPaths => vmPaths;
        public bool IsDirect => true;
        public int? Pid => null;
        public double ReadySeconds => 0;
        public IReadOnlyList<string> Warnings => [];
        public Task WaitAttachedAsync(long count, TimeSpan timeout) => Task.CompletedTask;
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>socat or ser2net.</summary>
internal sealed class ExternalRelay(string name, ChildProcess process, IReadOnlyList<string> clientPaths, double readySeconds) : IRelay
{
    public string Name => name;
    public IReadOnlyList<string> ClientPaths => clientPaths;
    public bool IsDirect => false;
    public int? Pid => process.Pid;
    public double ReadySeconds => readySeconds;
    public IReadOnlyList<string> Warnings => process.Warnings;

    public Task WaitAttachedAsync(long count, TimeSpan timeout) => Task.CompletedTask;

    /// <summary>Waits until every file exists (the relay listens); returns the seconds since the process started.</summary>
    public static async Task<double> WaitForFilesAsync(ChildProcess process, IReadOnlyList<string> files)
    {
        var deadline = Stopwatch.StartNew();
        var index = 0;
        while (index < files.Count)
        {
            if (File.Exists(files[index]))
            {
                index++;
                continue;
            }
            if (process.HasExited)
                throw new InvalidOperationException($"{process.Name} exited at start:\n{process.Tail}");
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
                throw new TimeoutException($"{process.Name} did not create {files[index]} within 60 s:\n{process.Tail}");
            await Task.Delay(5); // polling for the socket file, bounded by the deadline
        }
        return Clock.Seconds(process.StartedAt, Clock.Now);
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}

/// <summary>The real muxactors executable on a generated configuration.</summary>
internal sealed class MuxRelay : IRelay
{
    private readonly TaskCompletionSource<long> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ChildProcess _process = null!;

    private MuxRelay(IReadOnlyList<string> clientPaths, string? stuckClientPath)
    {
        ClientPaths = clientPaths;
        StuckClientPath = stuckClientPath;
    }

    public string? StuckClientPath { get; }

    public string Name => "MuxActors";
    public IReadOnlyList<string> ClientPaths { get; }
    public bool IsDirect => false;
    public int? Pid => _process.Pid;
    public double ReadySeconds { get; private set; }
    public IReadOnlyList<string> Warnings => _process.Warnings;
    public AsyncCounter Attached { get; } = new();
    public AsyncCounter Detached { get; } = new();
    public AsyncCounter FrontendsConnected { get; } = new();
    public string ConfigText { get; private set; } = "";
    public string ManagementSocket { get; private set; } = "";

    public Task<RuntimeCounters?> ReadRuntimeAsync() => RuntimeCounters.ReadAsync(ManagementSocket);

    public Task<string?> ReadStatusAsync() => ManagementClient.GetAsync(ManagementSocket, "/v1/muxes/m0");

    public static async Task<MuxRelay> StartAsync(TempDir dir, IReadOnlyList<string> vmPaths, int maxClients, string backendOptions, string muxOptions, string? stuckBackendOptions = null)
    {
        var clients = vmPaths.Select((_, i) => dir.File(Fmt.I($"m{i}.sock"))).ToList();
        var stuckPath = stuckBackendOptions is null ? null : dir.File("m0-stuck.sock");
        var relay = new MuxRelay(clients, stuckPath);
        relay.ManagementSocket = dir.File("management.sock");
        var config = new StringBuilder($"muxactors {{\n  logging.level = info\n  management.listen = \"unix:{relay.ManagementSocket}\"\n  muxes {{\n");
        for (var i = 0; i < vmPaths.Count; i++)
        {
            config.Append(CultureInfo.InvariantCulture, $$"""
                    m{{i}} {
                      frontend { type = unix-client, path = "{{vmPaths[i]}}", reconnect = 100ms, reconnect-max = 1s }
                      backends {
                        c { type = unix-server, path = "{{clients[i]}}", max-clients = {{maxClients}} {{backendOptions}} }
                        {{(i == 0 && stuckPath is not null ? $"stuck {{ type = unix-server, path = \"{stuckPath}\", {stuckBackendOptions} }}" : "")}}
                      }
                      {{muxOptions}}
                    }

                """);
        }
        config.Append("  }\n}\n").Append(Relays.ExtraServiceOptions).Append('\n');
        relay.ConfigText = config.ToString();
        var file = dir.File("muxactors.conf");
        await File.WriteAllTextAsync(file, relay.ConfigText);
        if (!File.Exists(Relays.MuxActorsDll))
            throw new FileNotFoundException("muxactors.dll is not next to the load tool (build tests/MuxActors.LoadTest)", Relays.MuxActorsDll);
        relay._process = ChildProcess.Start("muxactors", "dotnet", [Relays.MuxActorsDll, "--config", file], relay.OnLine, dir.Path);
        Console.WriteLine($"    (muxactors pid {relay._process.Pid}, {file})"); // for attaching a profiler
        var waited = Stopwatch.StartNew();
        while (!relay._ready.Task.IsCompleted)
        {
            if (relay._process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(120))
            {
                var tail = relay._process.HasExited ? await relay._process.EndReportAsync() : relay._process.Tail;
                await relay.DisposeAsync();
                throw new InvalidOperationException($"muxactors did not get ready (exited or 120 s passed):\n{tail}");
            }
            await Task.WhenAny(relay._ready.Task, Task.Delay(100)); // wait-ok: re-checks that the process is still alive
        }
        relay.ReadySeconds = Clock.Seconds(relay._process.StartedAt, relay._ready.Task.Result);
        return relay;
    }

    private void OnLine(string line)
    {
        var now = Clock.Now;
        if (line.Contains(" attached (", StringComparison.Ordinal))
            Attached.Add();
        else if (line.Contains(" detached (", StringComparison.Ordinal))
            Detached.Add();
        else if (line.Contains(": console frontend connected", StringComparison.Ordinal))
            FrontendsConnected.Add();
        else if (line.Contains("MuxActors ready:", StringComparison.Ordinal))
            _ready.TrySetResult(now);
    }

    public Task WaitAttachedAsync(long count, TimeSpan timeout) => Attached.WaitForAsync(count, timeout, "attach lines");

    public ValueTask DisposeAsync() => _process?.DisposeAsync() ?? ValueTask.CompletedTask;
}
