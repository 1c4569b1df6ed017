using System.Net.Sockets;
using System.Text;

namespace MuxActors.LoadTest;

internal sealed record ManyClientsResult(string Relay, int Clients, int Messages, double AttachSeconds, int Served, Percentiles Latency,
    double[] LastClientPerMessageMicros, long RssAttached, long RssAfter, string? Problem);

internal sealed record ManyMuxesResult(string Relay, int Muxes, int ClientsPerMux, double ReadySeconds, double FrontendsSeconds,
    double AllAttachedSeconds, long RssReady, long RssIdle, string? Problem);

/// <summary>S5 and S6: many clients on one mux, many idle muxes.</summary>
internal static class ScaleRuns
{
    private const int ConnectParallelism = 64;

    /// <summary>
    /// S6: <paramref name="clients"/> clients on one channel; the VM prints <paramref name="messages"/> short timestamped
    /// lines, one at a time; the latency of a line at a client is from the VM's write to that client's read.
    /// </summary>
    public static async Task<ManyClientsResult> ManyClientsAsync(string label, RelayFactory factory, int clients, int messages)
    {
        try
        {
            return await ManyClientsCoreAsync(label, factory, clients, messages);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or SocketException or IOException)
        {
            return new ManyClientsResult(label, clients, messages, double.NaN, 0, new Percentiles([]), [], -1, -1, ex.Message.Split('\n')[0]);
        }
    }

    private static async Task<ManyClientsResult> ManyClientsCoreAsync(string label, RelayFactory factory, int clients, int messages)
    {
        using var dir = new TempDir("many");
        using var vm = new VmServer(dir.File("vm.sock"));
        await using var relay = await factory(dir, [vm.Path]);
        var sockets = new Socket[clients];
        try
        {
            var attachStart = Clock.Now;
            // The VM reads the hellos while clients connect, as a console does: a relay whose console socket filled
            // up with unread hellos (each 1-byte write costs ~1 KiB of the socket's buffer) would stall accepting.
            var deviceReady = AcceptAndReadHellosAsync(vm, clients);
            await ConnectAllAsync(relay.ClientPaths[0], sockets);
            using var device = await deviceReady;
            await relay.WaitAttachedAsync(clients, TimeSpan.FromSeconds(600));
            var attachSeconds = Clock.Seconds(attachStart, Clock.Now);
            var rssAttached = relay.Pid is { } pid ? Proc.Rss(pid) : -1;

            // Two more lines first, not counted: the first line through a fresh service takes its cold paths.
            const int Warmup = 2;
            var counted = messages;
            messages += Warmup;
            var received = new long[clients * messages];
            var counters = Enumerable.Range(0, messages).Select(_ => new AsyncCounter()).ToArray();
            using var cts = new CancellationTokenSource();
            var readers = sockets.Select((socket, c) => ReadLinesAsync(socket, c, messages, received, counters, cts.Token)).ToArray();
            var sentAt = new long[messages];
            string? problem = null;
            for (var k = 0; k < messages; k++)
            {
                var line = Encoding.ASCII.GetBytes(Fmt.I($"[{k:D4} {DateTime.UtcNow:HH:mm:ss.ffffff}]\n"));
                sentAt[k] = Clock.Now;
                await UnixSockets.SendAllAsync(device, line, cts.Token);
                try
                {
                    await counters[k].WaitForAsync(clients, TimeSpan.FromSeconds(60), Fmt.I($"line {k} at every client"));
                }
                catch (TimeoutException ex)
                {
                    problem = ex.Message;
                    break;
                }
                await Task.Delay(200); // wait-ok: paces the lines, one at a time, so none queues behind the previous one
            }
            var rssAfter = relay.Pid is { } p ? Proc.Rss(p) : -1;
            await cts.CancelAsync();
            foreach (var socket in sockets)
                UnixSockets.Close(socket);
            await Task.WhenAll(readers.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

            var latencies = new List<double>(clients * counted);
            var lastPerMessage = new double[counted];
            var served = 0;
            for (var c = 0; c < clients; c++)
            {
                var all = true;
                for (var k = Warmup; k < messages; k++)
                {
                    var at = received[c * messages + k];
                    if (at == 0)
                    {
                        all = false;
                        continue;
                    }
                    var micros = Clock.Micros(sentAt[k], at);
                    latencies.Add(micros);
                    lastPerMessage[k - Warmup] = Math.Max(lastPerMessage[k - Warmup], micros);
                }
                if (all)
                    served++;
            }
            return new ManyClientsResult(label, clients, counted, attachSeconds, served, new Percentiles(latencies), lastPerMessage, rssAttached, rssAfter, problem);
        }
        finally
        {
            foreach (var socket in sockets)
                UnixSockets.Close(socket);
        }
    }

    private static async Task<Socket> AcceptAndReadHellosAsync(VmServer vm, int clients)
    {
        var device = await vm.AcceptAsync(TimeSpan.FromSeconds(600));
        await VmServer.ReadHellosAsync(device, clients, TimeSpan.FromSeconds(600));
        return device;
    }

    private static async Task ReadLinesAsync(Socket socket, int client, int messages, long[] received, AsyncCounter[] counters, CancellationToken cancellationToken)
    {
        var buffer = new byte[512];
        var lines = 0;
        try
        {
            while (lines < messages)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (n == 0)
                    return;
                var now = Clock.Now;
                var newlines = buffer.AsSpan(0, n).Count((byte)'\n');
                for (var i = 0; i < newlines && lines < messages; i++, lines++)
                {
                    received[client * messages + lines] = now;
                    counters[lines].Add();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Connects every slot of <paramref name="sockets"/> to <paramref name="path"/> and says hello.</summary>
    private static Task ConnectAllAsync(string path, Socket[] sockets) =>
        ConnectAllAsync(Enumerable.Range(0, sockets.Length).Select(i => (path, i)), sockets);

    private static async Task ConnectAllAsync(IEnumerable<(string Path, int Slot)> targets, Socket[] sockets)
    {
        var connected = 0;
        try
        {
            await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = ConnectParallelism }, async (target, ct) =>
            {
                // A relay that accepts nothing for 30 s while its backlog is full has given up.
                var socket = await UnixSockets.ConnectAsync(target.Path, TimeSpan.FromSeconds(30), ct);
                sockets[target.Slot] = socket;
                await socket.SendAsync(new[] { Pattern.Hello }, SocketFlags.None, ct);
                Interlocked.Increment(ref connected);
            });
        }
        catch (SocketException ex)
        {
            throw new IOException(Fmt.I($"connecting clients failed after {Volatile.Read(ref connected)} of {sockets.Length}: {ex.Message}"), ex);
        }
    }

    /// <summary>
    /// S5: <paramref name="muxes"/> channels (a VM socket each), <paramref name="clientsPerMux"/> idle clients on each;
    /// the time to ready, to every console connected, to every client served, and the resident memory.
    /// </summary>
    public static async Task<ManyMuxesResult> ManyMuxesAsync(string label, RelayFactory factory, int muxes, int clientsPerMux)
    {
        try
        {
            return await ManyMuxesCoreAsync(label, factory, muxes, clientsPerMux);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or SocketException or IOException)
        {
            return new ManyMuxesResult(label, muxes, clientsPerMux, double.NaN, double.NaN, double.NaN, -1, -1, ex.Message.Split('\n')[0]);
        }
    }

    private static async Task<ManyMuxesResult> ManyMuxesCoreAsync(string label, RelayFactory factory, int muxes, int clientsPerMux)
    {
        using var dir = new TempDir("muxes");
        var vms = Enumerable.Range(0, muxes).Select(i => new VmServer(dir.File(Fmt.I($"v{i}.sock")))).ToList();
        var sockets = new Socket[muxes * clientsPerMux];
        var devices = new List<Socket>();
        try
        {
            await using var relay = await factory(dir, [.. vms.Select(v => v.Path)]);
            var started = Clock.Now - (long)(relay.ReadySeconds * System.Diagnostics.Stopwatch.Frequency);
            var rssReady = relay.Pid is { } pid ? Proc.Rss(pid) : -1;
            double frontendsSeconds = double.NaN;
            if (relay is MuxRelay mux)
            {
                // MuxActors connects every console at start; socat and ser2net only when a client comes.
                await mux.FrontendsConnected.WaitForAsync(muxes, TimeSpan.FromSeconds(120), "console connections");
                frontendsSeconds = Clock.Seconds(started, Clock.Now);
            }
            await ConnectAllAsync(
                Enumerable.Range(0, sockets.Length).Select(s => (relay.ClientPaths[s / clientsPerMux], s)), sockets);
            await Parallel.ForEachAsync(vms, new ParallelOptions { MaxDegreeOfParallelism = ConnectParallelism }, async (vm, ct) =>
            {
                var device = await vm.AcceptAsync(TimeSpan.FromSeconds(120));
                lock (devices)
                    devices.Add(device);
                await VmServer.ReadHellosAsync(device, clientsPerMux, TimeSpan.FromSeconds(120));
            });
            await relay.WaitAttachedAsync(sockets.Length, TimeSpan.FromSeconds(120));
            var allSeconds = Clock.Seconds(started, Clock.Now);
            await Task.Delay(TimeSpan.FromSeconds(3)); // idle: let start-up garbage be collected
            var rssIdle = relay.Pid is { } p ? Proc.Rss(p) : -1;
            return new ManyMuxesResult(label, muxes, clientsPerMux, relay.ReadySeconds, frontendsSeconds, allSeconds, rssReady, rssIdle, null);
        }
        finally
        {
            foreach (var socket in sockets)
                UnixSockets.Close(socket);
            foreach (var vm in vms)
                vm.Dispose();
        }
    }
}
