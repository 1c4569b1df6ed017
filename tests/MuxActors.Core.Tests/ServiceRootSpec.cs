using System.Collections.Concurrent;
using Akka.Actor;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Config;
using MuxActors.Core.Mux;
using MuxActors.Hocon;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace MuxActors.Core.Tests;

public sealed class ServiceRootSpec : TestKit
{
    private readonly ConcurrentDictionary<string, TestProbe> _probes = new();
    private readonly ChardevRegistry _registry;
    private readonly IActorRef _root;

    public ServiceRootSpec(ITestOutputHelper output) : base("akka.test.single-expect-default = 5s", output)
    {
        _registry = new ChardevRegistry([new ProbeKind(_probes)]);
        _root = Sys.ActorOf(ServiceRoot.Props(_registry), "muxes");
    }

    private TestProbe Probe(string id) => _probes.GetOrAdd(id, i => CreateTestProbe(i));

    private ServiceConfig Config(string muxes) =>
        new ServiceConfigReader(_registry).Read(HoconConfig.FromString("muxactors.muxes { " + muxes + " }", "t.conf"));

    private Task<Reconciled> Reconcile(string muxes) => _root.Ask<Reconciled>(new Reconcile(Config(muxes)), TimeSpan.FromSeconds(5));

    [Fact]
    public async Task Reload_keeps_unchanged_backends_and_replaces_changed_ones()
    {
        foreach (var id in new[] { "frontend", "keep", "change", "add" })
            Probe(id);
        var first = await Reconcile("m { frontend { type = probe }, backends { keep { type = probe }, change { type = probe, x = 1 } } }");
        Assert.Equal(["m"], first.Started);
        await Probe("frontend").FishForMessageAsync<PortStarted>(_ => true);
        await Probe("keep").FishForMessageAsync<PortStarted>(_ => true);
        await Probe("change").FishForMessageAsync<PortStarted>(_ => true);

        var second = await Reconcile("m { frontend { type = probe }, backends { keep { type = probe }, change { type = probe, x = 2 }, add { type = probe } } }");
        Assert.Equal(["m"], second.Updated);
        await Probe("change").FishForMessageAsync<PortStarted>(_ => true); // replaced
        await Probe("add").FishForMessageAsync<PortStarted>(_ => true);    // added
        Assert.Empty(await DrainStarts("frontend"));                       // the console was not touched...
        Assert.Empty(await DrainStarts("keep"));                           // ...nor the unchanged backend

        var third = await Reconcile("m { frontend { type = probe }, backends { keep { type = probe }, change { type = probe, x = 2 }, add { type = probe } } }");
        Assert.Equal(["m"], third.Unchanged);
    }

    [Fact]
    public async Task Changing_the_console_restarts_the_mux_and_removed_muxes_stop()
    {
        foreach (var id in new[] { "frontend", "a" })
            Probe(id);
        await Reconcile("m { frontend { type = probe }, backends { a { type = probe } } }");
        await Probe("frontend").FishForMessageAsync<PortStarted>(_ => true);
        var restarted = await Reconcile("m { frontend { type = probe, speed = fast }, backends { a { type = probe } } }");
        Assert.Equal(["m"], restarted.Updated);
        await Probe("frontend").FishForMessageAsync<PortStarted>(_ => true);
        await Probe("a").FishForMessageAsync<PortStarted>(_ => true);

        var muxes = await _root.Ask<MuxList>(ListMuxes.Instance, TimeSpan.FromSeconds(5));
        var watcher = CreateTestProbe();
        watcher.Watch(muxes.Muxes["m"]);
        var removed = await Reconcile("");
        Assert.Equal(["m"], removed.Stopped);
        await watcher.ExpectTerminatedAsync(muxes.Muxes["m"]);
    }

    private async Task<List<PortStarted>> DrainStarts(string id)
    {
        var starts = new List<PortStarted>();
        try
        {
            while (true)
                starts.Add(await Probe(id).FishForMessageAsync<PortStarted>(_ => true, TimeSpan.FromMilliseconds(100)));
        }
        catch (XunitException)
        {
            return starts; // none left within the window
        }
    }
}
