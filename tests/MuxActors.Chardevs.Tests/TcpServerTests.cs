using System.Net;
using MuxActors.Chardevs.Tests.Harness;

namespace MuxActors.Chardevs.Tests;

public sealed class TcpServerTests
{
    private const string Frontend = "frontend { type = unix-client, path = vm.sock, reconnect = 100ms }";

    [Fact]
    public async Task Without_a_host_it_binds_the_loopback_address_and_an_ephemeral_port_when_port_is_0()
    {
        await using var mux = MuxHarness.Create();
        mux.Start($"muxactors.muxes.m {{ {Frontend}, backends {{ telnet {{ type = tcp-server, port = 0 }} }} }}");
        var endPoint = await mux.TcpEndPointAsync("telnet");
        Assert.Equal(IPAddress.Loopback, endPoint.Address);
        Assert.NotEqual(0, endPoint.Port);
        await mux.Logs.WaitForAsync("listening on tcp:127.0.0.1:" + endPoint.Port);

        await using var client = await mux.ConnectTcpAsync("telnet");
        var attached = await mux.AttachedAsync("telnet");
        Assert.Equal("tcp:" + client.Socket.LocalEndPoint, attached.Peer);
    }

    [Fact]
    public async Task Listen_takes_host_and_port_and_clients_over_max_clients_are_refused()
    {
        await using var mux = MuxHarness.Create();
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        mux.Start($"muxactors.muxes.m {{ {Frontend}, backends {{ telnet {{ type = tcp-server, listen = \"127.0.0.1:0\", max-clients = 2 }} }} }}");
        var console = await vm.AcceptAsync();
        await using var one = await mux.ConnectTcpAsync("telnet");
        await using var two = await mux.ConnectTcpAsync("telnet");
        await using var three = await SocketPeer.ConnectTcpAsync(await mux.TcpEndPointAsync("telnet"));
        Assert.Equal("muxactors: too many clients on 'telnet' (max-clients is 2)\r\n", System.Text.Encoding.ASCII.GetString(await three.ReceiveToEndAsync()));

        await console.SendAsync("both of you");
        Assert.Equal("both of you", await one.ReceiveTextAsync(11));
        Assert.Equal("both of you", await two.ReceiveTextAsync(11));
    }

    [Fact]
    public async Task A_port_in_use_fails_the_listener_which_is_retried_with_backoff_until_the_port_is_free()
    {
        await using var mux = MuxHarness.Create();
        var squatter = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        try
        {
            mux.Start($"muxactors.muxes.m {{ {Frontend}, backends {{ telnet {{ type = tcp-server, port = {port} }} }} }}");
            var failure = await mux.Events.WaitForAsync<Core.Mux.ChardevRestarted>(e => e.ChardevId == "telnet");
            Assert.Contains("in use", failure.Reason, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            squatter.Stop();
        }
        Assert.Equal($"tcp:127.0.0.1:{port}", await mux.ListeningAsync("telnet"));
        await using var client = await mux.ConnectTcpAsync("telnet");
    }
}
