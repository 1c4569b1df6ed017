using System.Net;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting.Logging;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using MuxActors.Chardevs.Sockets;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Config;
using MuxActors.Core.Mux;
using MuxActors.Core.Time;
using MuxActors.Hocon;
using MuxActors.TestSupport;

namespace MuxActors.Chardevs.Tests.Harness;

/// <summary>
/// One mux under test: a scratch directory, an actor system that logs into memory, and a real
/// <see cref="MuxSupervisor"/> built from HOCON through <see cref="ServiceConfigReader"/> (the text is written to
/// <c>mux.conf</c> in the scratch directory, so relative paths resolve there).
/// </summary>
internal sealed class MuxHarness : IAsyncDisposable
{
    private const string Hocon = """
        akka.loglevel = DEBUG
        akka.stdout-loglevel = WARNING
        akka.loggers = ["Akka.Hosting.Logging.LoggerFactoryLogger, Akka.Hosting"]
        akka.test.single-expect-default = 5s
        akka.test.expect-no-message-default = 150ms
        """;

    private const string VirtualTimeHocon = """
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        """;

    private MuxHarness(bool virtualTime)
    {
        var config = ConfigurationFactory.ParseString(virtualTime ? VirtualTimeHocon + "\n" + Hocon : Hocon);
        var setup = BootstrapSetup.Create().WithConfig(config).And(new LoggerFactorySetup(Logs));
        System = ActorSystem.Create("chardevs-test", setup);
        Events = new EventRecorder(System, typeof(MuxEvent), typeof(SocketServerListening));
    }

    public ScratchDirectory Directory { get; } = new();

    public CapturingLoggerFactory Logs { get; } = new();

    public ActorSystem System { get; }

    public EventRecorder Events { get; }

    public IActorRef Mux { get; private set; } = null!;

    public MuxDefinition Definition { get; private set; } = null!;

    /// <summary>The system's clock (<see cref="ActorSystemClock"/>): virtual under <see cref="Create"/> with <c>virtualTime</c>.</summary>
    public TimeProvider Clock => System.Clock();

    /// <summary>The virtual-time scheduler, for a harness created with <c>virtualTime</c>.</summary>
    public TestScheduler Scheduler => System.Scheduler as TestScheduler
        ?? throw new InvalidOperationException("This harness runs on real time; create it with virtualTime: true.");

    /// <summary>Creates a harness; with <paramref name="virtualTime"/> the system runs on Akka's TestScheduler and time moves only with <see cref="Scheduler"/>.Advance.</summary>
    public static MuxHarness Create(bool virtualTime = false) => new(virtualTime);

    /// <summary>A probe in this harness's system.</summary>
    public TestProbe CreateProbe(string? name = null) => new(System, new XunitAssertions(), name);

    public string PathOf(string name) => Directory.Combine(name);

    /// <summary>Reads a configuration (written to a file in the scratch directory) with the built-in chardevs, or <paramref name="registry"/>.</summary>
    public ServiceConfig Read(string hocon, ChardevRegistry? registry = null)
    {
        var file = PathOf("mux.conf");
        File.WriteAllText(file, hocon);
        return new ServiceConfigReader(registry ?? BuiltInChardevs.CreateRegistry()).Read(HoconConfig.FromFile(file));
    }

    /// <summary>Starts the first mux of <paramref name="hocon"/>.</summary>
    public IActorRef Start(string hocon, ChardevRegistry? registry = null)
    {
        registry ??= BuiltInChardevs.CreateRegistry();
        var definition = Read(hocon, registry).Muxes.Single();
        Definition = definition;
        Mux = System.ActorOf(MuxDefinitions.Props(definition, registry), definition.Name);
        return Mux;
    }

    public Task<MuxStatus> StatusAsync() => Mux.Ask<MuxStatus>(GetMuxStatus.Instance, TestTimeouts.Dilated(TimeSpan.FromSeconds(5)));

    /// <summary>Asks for the status until <paramref name="condition"/> holds.</summary>
    public async Task<MuxStatus> AwaitStatusAsync(Func<MuxStatus, bool> condition, string what, TimeSpan? timeout = null)
    {
        MuxStatus? last = null;
        try
        {
            await Deadline.UntilAsync(async () => condition(last = await StatusAsync()), what, timeout);
        }
        catch (WaitFailedException ex)
        {
            throw new WaitFailedException($"{ex.Message} Last status: {Describe(last)}");
        }
        return last!;
    }

    /// <summary>Waits until <paramref name="count"/> ports of <paramref name="chardevId"/> have attached (in total, since start).</summary>
    public Task<PortAttached> AttachedAsync(string chardevId, int count = 1) =>
        Events.WaitForAsync<PortAttached>(e => e.ChardevId == chardevId, count, $"for '{chardevId}'");

    /// <summary>Waits until the console has connected <paramref name="count"/> times.</summary>
    public Task<FrontendChanged> ConsoleUpAsync(int count = 1) =>
        Events.WaitForAsync<FrontendChanged>(e => e.Up, count, "(console up)");

    /// <summary>The address a server chardev listens on, once bound.</summary>
    public async Task<string> ListeningAsync(string chardevId) =>
        (await Events.WaitForAsync<SocketServerListening>(e => e.ChardevId == chardevId, what: $"for '{chardevId}'")).Address;

    /// <summary>The TCP endpoint a tcp-server chardev listens on, once bound.</summary>
    public async Task<IPEndPoint> TcpEndPointAsync(string chardevId) =>
        IPEndPoint.Parse((await ListeningAsync(chardevId))["tcp:".Length..]);

    /// <summary>Connects a client to a unix-server chardev and waits until the mux has attached it.</summary>
    public async Task<SocketPeer> ConnectUnixAsync(string chardevId, int? receiveBuffer = null)
    {
        var before = Events.Of<PortAttached>().Count(e => e.ChardevId == chardevId);
        var address = await ListeningAsync(chardevId);
        var client = await SocketPeer.ConnectUnixAsync(address["unix:".Length..], receiveBuffer);
        await AttachedAsync(chardevId, before + 1);
        return client;
    }

    /// <summary>Connects a client to a tcp-server chardev and waits until the mux has attached it.</summary>
    public async Task<SocketPeer> ConnectTcpAsync(string chardevId, int? receiveBuffer = null)
    {
        var before = Events.Of<PortAttached>().Count(e => e.ChardevId == chardevId);
        var client = await SocketPeer.ConnectTcpAsync(await TcpEndPointAsync(chardevId), receiveBuffer);
        await AttachedAsync(chardevId, before + 1);
        return client;
    }

    /// <summary>Stops the whole actor system (every chardev flushes and closes).</summary>
    public Task StopAsync() => System.Terminate().WaitAsync(TestTimeouts.Dilated(TimeSpan.FromSeconds(10)));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            Directory.Dispose();
        }
    }

    public static string Describe(MuxStatus? status) => status is null ? "none" :
        $"frontend {(status.FrontendOpen ? "open" : "closed")}, out {status.OutputBytes}, in {status.InputBytes}, discarded {status.InputDiscarded}, " +
        $"frontend paused {status.FrontendPaused}, backends paused {status.BackendsPaused}, ports [" +
        string.Join("; ", status.Ports.Select(p => $"{p.ChardevId} {p.Role} {p.Peer} in {p.BytesIn} out {p.BytesOut} lag {p.Lag} dropped {p.Dropped}")) + "]";
}
