using System.Diagnostics;
using System.Net.Sockets;
using MuxActors.Chardevs.Tests.Harness;
using MuxActors.Chardevs.Tests.Terminal;
using MuxActors.Core.Mux;

namespace MuxActors.Chardevs.Tests;

/// <summary>
/// A client that shuts down only its write side has ended its input, not its interest in the output: it keeps
/// getting output until it closes for good (QEMU closes such a client at once). This is what
/// <c>echo cmd | socat - unix-connect:...</c> needs: socat half-closes at the end of its input and reads the answer.
/// </summary>
public sealed class HalfCloseTests
{
    private const string Frontend = "frontend { type = unix-client, path = vm.sock, reconnect = 100ms }";
    private const string UnixBackend = "local { type = unix-server, path = local.sock }";

    /// <summary>A mux whose console is a fake VM (connected), with the backends a test names.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private Rig(MuxHarness mux, FakeVm vm) => (Mux, Vm) = (mux, vm);

        public MuxHarness Mux { get; }

        public FakeVm Vm { get; }

        public SocketPeer Console { get; private set; } = null!;

        public static async Task<Rig> StartAsync(string backends)
        {
            var mux = MuxHarness.Create();
            var rig = new Rig(mux, FakeVm.ListenUnix(mux.PathOf("vm.sock")));
            mux.Start($"muxactors.muxes.m {{ {Frontend}, backends {{ {backends} }} }}");
            rig.Console = await rig.Vm.AcceptAsync();
            await mux.ConsoleUpAsync();
            return rig;
        }

        public async ValueTask DisposeAsync()
        {
            await Vm.DisposeAsync();
            await Mux.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_half_closed_client_keeps_getting_output_until_it_closes()
    {
        await using var rig = await Rig.StartAsync(UnixBackend);
        var (mux, console) = (rig.Mux, rig.Console);
        await using var client = await mux.ConnectUnixAsync("local");

        await client.SendAsync("typed\n");
        Assert.Equal("typed\n", await console.ReceiveTextAsync(6));
        client.Socket.Shutdown(SocketShutdown.Send);
        await mux.Logs.WaitForAsync("the peer ended its input");

        await console.SendAsync("answer\n");
        Assert.Equal("answer\n", await client.ReceiveTextAsync(7));
        Assert.Empty(mux.Events.Of<PortDetached>());

        // Closed for good: a unix socket says so (POLLHUP), so the client is detached without waiting for output.
        client.Socket.Close();
        var detached = await mux.Events.WaitForAsync<PortDetached>(e => e.ChardevId == "local");
        Assert.Equal("closed by peer", detached.Reason);
    }

    [Fact]
    public async Task A_client_that_closes_at_once_is_detached_at_once()
    {
        await using var rig = await Rig.StartAsync(UnixBackend);
        var mux = rig.Mux;
        var client = await mux.ConnectUnixAsync("local");
        await client.DisposeAsync();
        Assert.Equal("closed by peer", (await mux.Events.WaitForAsync<PortDetached>(e => e.ChardevId == "local")).Reason);
        Assert.False(mux.Logs.Contains("the peer ended its input"));
    }

    [Fact]
    public async Task A_half_closed_tcp_client_keeps_getting_output()
    {
        await using var rig = await Rig.StartAsync("net { type = tcp-server, listen = \"127.0.0.1:0\" }");
        var (mux, console) = (rig.Mux, rig.Console);
        await using var client = await mux.ConnectTcpAsync("net");
        client.Socket.Shutdown(SocketShutdown.Send);
        await mux.Logs.WaitForAsync("the peer ended its input");
        await console.SendAsync("answer\n");
        Assert.Equal("answer\n", await client.ReceiveTextAsync(7));
    }

    [TerminalToolFact("socat")]
    public async Task Socat_sending_one_command_reads_its_answer()
    {
        await using var rig = await Rig.StartAsync(UnixBackend);
        var (mux, console) = (rig.Mux, rig.Console);
        await mux.ListeningAsync("local");

        // socat sends the line, half-closes at the end of its input, and reads for up to 10 s (-t).
        using var socat = Process.Start(new ProcessStartInfo(TerminalTools.Find("socat")!, ["-t", "10", "-", "unix-connect:" + mux.PathOf("local.sock")])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        })!;
        await socat.StandardInput.WriteAsync("uptime\n");
        socat.StandardInput.Close();
        Assert.Equal("uptime\n", await console.ReceiveTextAsync(7));
        await mux.Logs.WaitForAsync("the peer ended its input"); // the answer comes after the half-close
        await console.SendAsync(" 10:00:00 up 42 days\n");
        var line = await socat.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(" 10:00:00 up 42 days", line);
        socat.Kill();
    }
}
