using Akka.Actor;
using MuxActors.Chardevs.Sockets;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;
using MuxActors.Hocon;
using Akka.TestKit;

namespace MuxActors.Chardevs.Tests.Harness;

/// <summary>A unix-client console port on a fake VM's socket with a probe playing its mux, for tests of the port alone.</summary>
internal sealed record ProbedConsolePort(TestProbe Probe, IActorRef Port, SocketPeer Console, PortOpened Opened)
{
    /// <summary>Starts the port on <c>vm.sock</c> and returns once it has told the probe it is open.</summary>
    public static async Task<ProbedConsolePort> StartAsync(MuxHarness mux, FakeVm vm)
    {
        var probe = mux.CreateProbe();
        var spec = new ChardevSpec("console", "unix-client",
            HoconConfig.FromString($"path = \"{mux.PathOf("vm.sock")}\""), null, "console");
        var port = mux.System.ActorOf(new UnixClientKind().CreateProps(spec, new PortContext(probe.Ref, PortRole.Frontend)), "console");
        var console = await vm.AcceptAsync();
        return new ProbedConsolePort(probe, port, console, await probe.ExpectMsgAsync<PortOpened>());
    }
}
