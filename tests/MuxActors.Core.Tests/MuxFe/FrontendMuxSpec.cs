using System.Collections.Concurrent;
using System.Text;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Config;
using MuxActors.Core.Mux;
using MuxActors.Core.MuxFe;
using MuxActors.Core.Protocol;
using MuxActors.Hocon;
using Xunit.Abstractions;

namespace MuxActors.Core.Tests.MuxFe;

/// <summary>
/// A <see cref="FrontendMux"/> whose chardevs are probes, on virtual time: the backend's events reach every console,
/// timestamps follow the scheduler's clock, focus moves through the API's message, and the root refuses to remove a
/// mux-fe while frontends are attached.
/// </summary>
public sealed class FrontendMuxSpec(ITestOutputHelper output) : TestKit(Config, output)
{
    private const string Config = """
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.test.single-expect-default = 5s
        akka.test.expect-no-message-default = 150ms
        """;

    private const string Term = "term { type = mux-fe, backend { type = probe }, frontends { a { type = probe }, b { type = probe } } }";
    private readonly ConcurrentDictionary<string, TestProbe> _probes = new();
    private readonly Dictionary<string, IActorRef> _ports = [];

    private ChardevRegistry Registry => new([new ProbeKind(_probes)]);

    private TestProbe Probe(string id) => _probes.GetOrAdd(id, i => CreateTestProbe(i));

    private MuxDefinition Definition(string mux) =>
        new ServiceConfigReader(Registry).Read(HoconConfig.FromString("muxactors.muxes { " + mux + " }", "t.conf")).Muxes[0];

    private async Task<IActorRef> StartAsync(string mux = Term)
    {
        var definition = Definition(mux);
        var ids = definition.Consoles.Select(c => c.Id).Prepend("backend").ToList();
        ids.ForEach(id => Probe(id));
        var actor = Sys.ActorOf(FrontendMux.Props(definition, Registry), definition.Name);
        foreach (var id in ids)
            _ports[id] = (await Probe(id).ExpectMsgAsync<PortStarted>()).Port;
        return actor;
    }

    private void Emit(string id, object message) => _ports[id].Tell(new Emit(message));

    /// <summary>A status asked through port <paramref name="id"/>: the mux has handled everything that port sent before.</summary>
    private async Task<MuxStatus> StatusVia(string id)
    {
        Emit(id, GetMuxStatus.Instance);
        return await Probe(id).FishForMessageAsync<MuxStatus>(_ => true);
    }

    private static DataReceived Data(string text) => new(Encoding.ASCII.GetBytes(text));

    private async Task<string> OutputAsync() =>
        Encoding.ASCII.GetString((await Probe("backend").FishForMessageAsync<WriteData>(_ => true)).Data.Span);

    [Fact]
    public async Task The_backend_opening_closing_and_breaking_reaches_every_console()
    {
        await StartAsync();
        await Probe("a").FishForMessageAsync<BackendsOpen>(b => b.Open); // a console that opened first was told "closed" before
        await Probe("b").FishForMessageAsync<BackendsOpen>(b => b.Open);

        Emit("backend", BreakReceived.Instance);
        await Probe("a").FishForMessageAsync<SendBreak>(_ => true);
        await Probe("b").FishForMessageAsync<SendBreak>(_ => true);

        Emit("backend", new PortClosed("terminal closed"));
        Assert.False((await Probe("a").FishForMessageAsync<BackendsOpen>(_ => true)).Open);
        Assert.False((await Probe("b").FishForMessageAsync<BackendsOpen>(_ => true)).Open);
    }

    [Fact]
    public async Task Timestamps_follow_the_scheduler_clock()
    {
        await StartAsync();
        Emit("backend", Data("\u0001t"));
        await StatusVia("backend");
        Emit("a", Data("boot\n"));
        Assert.Equal("[00:00:00.000] boot\n", await OutputAsync());
        ((TestScheduler)Sys.Scheduler).Advance(TimeSpan.FromMilliseconds(1500));
        Emit("b", Data("login: "));
        Assert.Equal("[00:00:01.500] login: ", await OutputAsync());

        Emit("backend", Data("\u0001t"));
        await StatusVia("backend");
        Emit("a", Data("\nplain\n"));
        Assert.Equal("\nplain\n", await OutputAsync());
    }

    [Fact]
    public async Task Focus_moves_by_message_and_the_status_shows_it()
    {
        var mux = await StartAsync();
        var status = await StatusVia("backend");
        Assert.Equal(("mux-fe", "a", "a,b"), (status.Kind, status.Focus, string.Join(',', status.Consoles)));
        Assert.True((await mux.Ask<MuxCommandResult>(new FocusConsole("b"))).Ok);
        Emit("backend", Data("ls\r"));
        Assert.Equal("ls\r", Encoding.ASCII.GetString((await Probe("b").FishForMessageAsync<WriteData>(_ => true)).Data.Span));
        var missing = await mux.Ask<MuxCommandResult>(new FocusConsole("zz"));
        Assert.Equal("mux 'term' has no console 'zz' (consoles: a, b)", missing.Error);
    }

    [Fact]
    public async Task A_mux_fe_with_attached_frontends_is_busy_until_they_are_detached()
    {
        var root = Sys.ActorOf(ServiceRoot.Props(Registry), "muxes");
        foreach (var id in new[] { "backend", "a", "b" })
            Probe(id);
        var config = new ServiceConfigReader(Registry).Read(HoconConfig.FromString("muxactors.muxes { " + Term + " }", "t.conf"));
        await root.Ask<Reconciled>(new Reconcile(config));
        foreach (var id in new[] { "backend", "a", "b" })
            await Probe(id).ExpectMsgAsync<PortStarted>();

        var busy = await root.Ask<MuxCommandResult>(new RemoveMux("term", Force: false));
        Assert.Equal("Chardev 'term' is busy (2 frontend(s) attached: a, b; detach them or use force)", busy.Error);
        Assert.True((await root.Ask<MuxCommandResult>(new DetachBackend("term", "a"))).Ok);
        Assert.True((await root.Ask<MuxCommandResult>(new DetachBackend("term", "b"))).Ok);
        Assert.True((await root.Ask<MuxCommandResult>(new RemoveMux("term", Force: false))).Ok);
    }
}
