using System.Net.Sockets;
using System.Reflection;

namespace MuxActors.LoadTest;

/// <summary>
/// The floor for S6: the least a fan-out can do, as a process of its own (this tool started with
/// <c>--fanout-floor VM CLIENT</c>). One thread accepts clients (their hellos are forwarded to the VM); the main thread
/// reads the VM and sends each read to every client in turn with blocking sends (no asynchronous operation ever touches
/// a client socket, so .NET leaves it blocking). No relay logic, no backpressure, no
/// actors: what is left is one send per client per line and the readers' own scheduling, on the same shared cores.
/// </summary>
internal static class FanoutFloor
{
    public const string Flag = "--fanout-floor";

    public static RelayFactory Factory() => async (dir, vmPaths) =>
    {
        var client = dir.File("floor.sock");
        var tool = Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("the tool's own path is unknown");
        var process = ChildProcess.Start("fan-out floor", "dotnet", [tool, Flag, vmPaths[0], client]);
        var ready = await ExternalRelay.WaitForFilesAsync(process, [client]);
        return new ExternalRelay("fan-out floor", process, [client], ready);
    };

    /// <summary>Runs the floor relay until the VM closes its end.</summary>
    public static int Run(string vmPath, string clientPath)
    {
        using var vm = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        vm.Connect(new UnixDomainSocketEndPoint(vmPath));
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(clientPath));
        listener.Listen(4096);
        var clients = new List<Socket>();
        new Thread(() => Accept(listener, vm, clients)) { IsBackground = true, Name = "accept" }.Start();
        var buffer = new byte[65536];
        Socket[] targets = [];
        while (true)
        {
            var n = vm.Receive(buffer);
            if (n <= 0)
                return 0;
            lock (clients)
            {
                if (targets.Length != clients.Count)
                    targets = [.. clients];
            }
            foreach (var target in targets)
            {
                try
                {
                    target.Send(buffer.AsSpan(0, n));
                }
                catch (SocketException)
                {
                    // a reader that left
                }
            }
        }
    }

    private static void Accept(Socket listener, Socket vm, List<Socket> clients)
    {
        var hello = new byte[1];
        while (true)
        {
            var client = listener.Accept();
            lock (clients)
                clients.Add(client); // before its hello reaches the VM, which may then start the data at once
            // A blocking receive (each reader sends its hello as soon as it is connected): an asynchronous one would
            // make .NET keep the socket non-blocking and route the floor's sends through its socket engine.
            if (client.Receive(hello) == 1)
            {
                lock (vm)
                    vm.Send(hello);
            }
        }
    }
}
