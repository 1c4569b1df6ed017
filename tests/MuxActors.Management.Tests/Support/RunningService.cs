namespace MuxActors.Management.Tests.Support;

/// <summary>
/// The real muxactors process in a temporary folder, with a stand-in VM console (an echo server on <c>vm.sock</c>)
/// and an API client on its management socket <c>run/muxactors.sock</c>.
/// </summary>
internal sealed class RunningService : IAsyncDisposable
{
    private RunningService(string dir, EchoVm vm, ServiceProcess process)
    {
        Dir = dir;
        Vm = vm;
        Process = process;
        Api = ApiClient.ForSocket(SocketPath);
    }

    public string Dir { get; }

    public EchoVm Vm { get; }

    public ServiceProcess Process { get; }

    public ApiClient Api { get; }

    public string ConfigPath => Path.Combine(Dir, "t.conf");

    public string SocketPath => Run("muxactors.sock");

    public string Run(string file) => Path.Combine(Dir, "run", file);

    /// <summary>Writes <paramref name="config"/> as <c>t.conf</c>, starts the service and waits for its API and the consoles in <paramref name="consoles"/>.</summary>
    public static async Task<RunningService> StartAsync(string config, params string[] consoles)
    {
        var dir = Directory.CreateTempSubdirectory("muxactors-mgmt-").FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "t.conf"), config);
        var vm = new EchoVm(Path.Combine(dir, "vm.sock"));
        var process = ServiceProcess.Start(dir, null, "--config", Path.Combine(dir, "t.conf"));
        var service = new RunningService(dir, vm, process);
        try
        {
            await process.WaitForLineAsync("Management API listening on");
            foreach (var mux in consoles)
                await process.WaitForLineAsync($"Mux {mux}: console .* connected");
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Process.DisposeAsync();
        await Vm.DisposeAsync();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // a straggling child may still hold a file; the temp folder is cleaned up by the system
        }
    }
}
