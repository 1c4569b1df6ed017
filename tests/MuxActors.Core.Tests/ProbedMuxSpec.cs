using System.Collections.Concurrent;
using System.Text;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Config;
using MuxActors.Core.Mux;
using MuxActors.Core.Protocol;
using MuxActors.Hocon;
using Xunit.Abstractions;

namespace MuxActors.Core.Tests;

/// <summary>
/// Base of the specs that run a real <see cref="MuxSupervisor"/> whose chardevs are probes (<see cref="ProbeKind"/>):
/// the test plays every device, on virtual time.
/// </summary>
public abstract class ProbedMuxSpec(ITestOutputHelper output) : TestKit(Config, output)
{
    // Timers and backoff run on virtual time: the test moves it with Scheduler.Advance.
    private const string Config = """
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.test.single-expect-default = 5s
        akka.test.expect-no-message-default = 150ms
        """;

    private readonly ConcurrentDictionary<string, TestProbe> _probes = new();
    private readonly Dictionary<string, IActorRef> _ports = [];

    protected TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    protected ChardevRegistry Registry => new([new ProbeKind(_probes), new ProbeKind(_probes, "sink", frontend: false)]);

    protected TestProbe Probe(string id) => _probes.GetOrAdd(id, i => CreateTestProbe(i));

    /// <summary>Starts mux <paramref name="name"/> from HOCON and waits until every port announced itself.</summary>
    protected async Task<IActorRef> StartMux(string name, string backends, string extra, params string[] ids)
    {
        foreach (var id in ids.Prepend("frontend"))
            Probe(id);
        var hocon = $"muxactors.muxes.{name} {{ frontend {{ type = probe }}\n backends {{ {backends} }}\n {extra} }}";
        var config = new ServiceConfigReader(Registry).Read(HoconConfig.FromString(hocon, "t.conf"));
        var mux = Sys.ActorOf(MuxSupervisor.Props(config.Muxes[0], Registry), name);
        foreach (var id in ids.Prepend("frontend"))
            _ports[id] = (await Probe(id).ExpectMsgAsync<PortStarted>()).Port;
        await Probe("frontend").FishForMessageAsync<BackendsOpen>(b => b.Open);
        return mux;
    }

    protected void Emit(string id, object message) => _ports[id].Tell(new Emit(message));

    /// <summary>Asks for the status through port <paramref name="id"/>, so it reflects everything that port sent before.</summary>
    protected async Task<MuxStatus> StatusVia(string id)
    {
        Emit(id, GetMuxStatus.Instance);
        return await Probe(id).FishForMessageAsync<MuxStatus>(_ => true);
    }

    protected static DataReceived Data(string text) => new(Encoding.ASCII.GetBytes(text));

    protected static string Text(WriteData write) => Encoding.ASCII.GetString(write.Data.Span);
}
