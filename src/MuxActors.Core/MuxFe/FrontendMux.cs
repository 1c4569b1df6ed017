using Akka.Actor;
using Akka.Event;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Input;
using MuxActors.Core.Metrics;
using MuxActors.Core.Mux;
using MuxActors.Core.Output;
using MuxActors.Core.Protocol;
using MuxActors.Core.Supervision;
using MuxActors.Core.Time;

namespace MuxActors.Core.MuxFe;

/// <summary>
/// A frontend mux (<c>type = mux-fe</c>, QEMU's <c>mux=on</c>): one backend (a terminal: stdio, a socket, a serial
/// line) shared by several consoles. Output of every console goes to the backend; the backend's input goes to the
/// focused console only, through <see cref="EscapeKeys"/> (escape c moves the focus, b breaks, t stamps lines, x
/// detaches, h helps). Open/close and BREAK from the backend reach every console. Speaks the same port protocol
/// as <see cref="MuxSupervisor"/>, so every chardev kind can be a console or the backend; it never touches a socket.
/// </summary>
public sealed partial class FrontendMux : ReceiveActor, IWithTimers, IFanoutActions<IActorRef>
{
    private static readonly IEqualityComparer<IActorRef> s_byReference = PortTable.ByReference;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeProvider _time = Context.System.Clock();
    private readonly MuxDefinition _definition;
    private readonly FrontendMuxOptions _options;
    private readonly ChardevRegistry _registry;
    private readonly ChardevSpec _backend;
    private readonly List<ChardevSpec> _consoles;
    private readonly Dictionary<string, IActorRef> _chardevActors = new(StringComparer.Ordinal);
    private readonly PortTable _ports;
    private readonly Dictionary<string, IActorRef> _consolePorts = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, EscapeKeys> _keys = new(s_byReference);
    private readonly ChardevRestarts _restarts;
    private readonly ListenerReadiness _listeners = new();
    private readonly StallChecks _stalls;
    private readonly OutputFanout<IActorRef> _fanout;
    private readonly InputBudget _input;
    private readonly LineStamper _stamper;
    private readonly SupervisorStrategy _strategy;
    private readonly DateTimeOffset _started;
    private readonly KeyValuePair<string, object?> _muxTag;
    private string? _focus;
    private long _inputBytes;
    private long _inputDiscarded;

    /// <summary>Creates the frontend mux of <paramref name="definition"/> (which has <see cref="MuxDefinition.FrontendMux"/>).</summary>
    public FrontendMux(MuxDefinition definition, ChardevRegistry registry)
    {
        _definition = definition;
        _options = definition.FrontendMux ?? throw new ArgumentException("not a mux-fe definition", nameof(definition));
        _registry = registry;
        _backend = definition.Backends.Single();
        _consoles = [.. _options.Consoles];
        _focus = _consoles.FirstOrDefault()?.Id;
        _started = _time.GetUtcNow();
        _muxTag = new("mux", definition.Name);
        _ports = new PortTable(Self);
        _fanout = new OutputFanout<IActorRef>(definition.Settings.Output, this, _time, s_byReference)
        {
            RetainForReplay = _backend.Sink.Replay,
        };
        _stalls = new StallChecks(_fanout, _time);
        _restarts = new ChardevRestarts(definition.Name, Context.System.EventStream, _time);
        _input = new InputBudget(definition.Settings.InputHighWater, definition.Settings.InputLowWater);
        _stamper = new LineStamper(_time);
        _stamper.Set(_options.Timestamps);
        // As a mux-be's: a console or terminal that fails (a VM socket gone, a device unplugged) retries with backoff.
        _strategy = new BackoffRestartStrategy(definition.Settings.Restart, onFailure: failure =>
        {
            _restarts.Record(failure);
            _listeners.Settled(failure.Child, Self); // failed to bind: waited for no longer
        });

        Receive<DataReceived>(OnData);
        Receive<DataWritten>(OnWritten);
        Receive<PortOpened>(OnPortOpened);
        Receive<PortClosed>(closed => ClosePort(Sender, closed.Reason));
        Receive<Terminated>(t => OnTerminated(t.ActorRef));
        Receive<BreakReceived>(_ => OnBreakReceived());
        Receive<StallCheck>(_ => _stalls.Fired(Timers));
        Receive<ChardevListening>(_ => _listeners.Settled(Sender, Self));
        Receive<AwaitListening>(_ => _listeners.Await(Sender, Self));
        ReceiveCommands();
    }

    /// <summary>Props for the frontend mux of <paramref name="definition"/>.</summary>
    public static Props Props(MuxDefinition definition, ChardevRegistry registry) =>
        Akka.Actor.Props.Create(() => new FrontendMux(definition, registry));

    /// <summary>The mux's timers (set by Akka).</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    private string Name => _definition.Name;

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() => _strategy;

    /// <inheritdoc />
    protected override void PreRestart(Exception reason, object message)
    {
        _listeners.HandOver(Self); // before base.PreRestart's PostStop, which would answer them too early
        base.PreRestart(reason, message);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        _listeners.Release(Self); // stopped: whoever waits for its listeners waits no more
        base.PostStop();
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        Start(_backend, PortRole.Backend);
        foreach (var console in _consoles)
            Start(console, PortRole.Frontend);
    }

    private void Start(ChardevSpec spec, PortRole role)
    {
        var kind = _registry.Find(spec.Type) ?? throw new InvalidOperationException($"{spec.Where}: unknown chardev type '{spec.Type}'");
        var actor = Context.ActorOf(kind.CreateProps(spec, new PortContext(Self, role)), spec.Id);
        Context.Watch(actor);
        _chardevActors[spec.Id] = actor;
        if (kind.Listens(spec))
            _listeners.Expect(actor);
    }

    private void OnPortOpened(PortOpened opened)
    {
        var port = Sender;
        if (_ports.ContainsKey(port))
            ClosePort(port, "reopened");
        var info = opened.Info;
        var now = _time.GetUtcNow();
        _listeners.Settled(port, Self); // a web or vc chardev opens its port once it serves
        Context.Watch(port);
        _ports[port] = new MuxPort(info, now);
        if (info.Role == PortRole.Frontend)
        {
            if (_consolePorts.TryGetValue(info.ChardevId, out var previous))
                ClosePort(previous, "replaced by a new console connection");
            _consolePorts[info.ChardevId] = port;
            if (_fanout.FrontendPaused)
                SetReading(port, paused: true);
            port.Tell(new BackendsOpen(BackendOpen), Self);
            _log.Info("Mux {Mux}: console {Chardev} connected ({Peer})", Name, info.ChardevId, info.Peer);
            Publish(new FrontendChanged(Name, now, true, info.ChardevId));
            return;
        }
        var wasOpen = BackendOpen;
        _fanout.Add(port, info.ChardevId == _backend.Id ? _backend.Sink : info.Sink ?? SinkOptions.Default);
        _keys[port] = new EscapeKeys(_options.Escape);
        if (_input.Paused)
            SetReading(port, paused: true);
        if (!wasOpen)
            TellConsoles(new BackendsOpen(true));
        _log.Info("Mux {Mux}: {Chardev} attached ({Peer})", Name, info.ChardevId, info.Peer);
        Publish(new PortAttached(Name, now, info.ChardevId, info.Peer));
        _stalls.Reschedule(Timers);
    }

    private bool BackendOpen => _fanout.Sinks.Count > 0;

    private void ClosePort(IActorRef? port, string reason)
    {
        if (port is null || !_ports.Remove(port, out var entry))
            return;
        var now = _time.GetUtcNow();
        if (entry.Info.Role == PortRole.Frontend)
        {
            if (_consolePorts.GetValueOrDefault(entry.Info.ChardevId) is { } current && ReferenceEquals(current, port))
                _consolePorts.Remove(entry.Info.ChardevId);
            _log.Warning("Mux {Mux}: console {Chardev} disconnected: {Reason}", Name, entry.Info.ChardevId, reason);
            Publish(new FrontendChanged(Name, now, false, $"{entry.Info.ChardevId}: {reason}"));
            return;
        }
        _fanout.Remove(port);
        _keys.Remove(port);
        if (!BackendOpen)
            TellConsoles(new BackendsOpen(false));
        _log.Info("Mux {Mux}: {Chardev} detached ({Peer}): {Reason}", Name, entry.Info.ChardevId, entry.Info.Peer, reason);
        Publish(new PortDetached(Name, now, entry.Info.ChardevId, entry.Info.Peer, reason));
    }

    private void OnTerminated(IActorRef actor)
    {
        ClosePort(actor, "stopped");
        var id = actor.Path.Name;
        if (_chardevActors.TryGetValue(id, out var known) && ReferenceEquals(known, actor))
            _chardevActors.Remove(id);
        _listeners.Settled(actor, Self); // stopped before it listened
    }

    private void OnData(DataReceived received)
    {
        var port = Sender;
        if (!_ports.TryGetValue(port, out var entry))
        {
            port.Tell(new DataTaken(received.Data.Length), Self);
            return;
        }
        if (entry.Info.Link is { } link)
            link.Taken(received.Data.Length);
        else
            port.Tell(new DataTaken(received.Data.Length), Self);
        entry.BytesIn += received.Data.Length;
        if (entry.Info.Role == PortRole.Frontend)
        {
            // Every console's output reaches the backend, focused or not.
            MuxMetrics.OutputBytes.Add(received.Data.Length, _muxTag);
            _fanout.Append(_stamper.Stamp(received.Data));
            _stalls.Reschedule(Timers);
            return;
        }
        var readOnly = entry.Info.ChardevId == _backend.Id ? _backend.ReadOnly : entry.Info.ReadOnly;
        if (readOnly || !_keys.TryGetValue(port, out var keys))
        {
            _inputDiscarded += received.Data.Length;
            return;
        }
        keys.Feed(received.Data, data => ToFocus(data), command => OnEscape(command, port));
    }

    /// <summary>Input for the focused console; discarded while it is not connected.</summary>
    private void ToFocus(ReadOnlyMemory<byte> data)
    {
        if (_focus is null || !_consolePorts.TryGetValue(_focus, out var console) || !_ports.TryGetValue(console, out var entry))
        {
            _inputDiscarded += data.Length;
            MuxMetrics.InputDiscardedBytes.Add(data.Length, _muxTag);
            return;
        }
        var written = Write(console, new WriteData(entry.InputOffset, data));
        entry.InputOffset += data.Length;
        _inputBytes += data.Length;
        MuxMetrics.InputBytes.Add(data.Length, _muxTag);
        if (_input.OnQueued(data.Length - written))
            SetBackendsReading(paused: true);
    }

    private void OnWritten(DataWritten written)
    {
        if (!_ports.TryGetValue(Sender, out var entry))
            return;
        entry.BytesOut += written.Bytes;
        if (entry.Info.Role == PortRole.Frontend)
        {
            if (_input.OnWritten(written.Bytes))
                SetBackendsReading(paused: false);
            return;
        }
        _fanout.Acknowledge(Sender, written.Bytes);
    }

    /// <summary>A BREAK from the backend is an event of the backend: every console gets it (QEMU's mux does the same).</summary>
    private void OnBreakReceived()
    {
        if (_ports.TryGetValue(Sender, out var entry) && entry.Info.Role == PortRole.Backend)
            TellConsoles(SendBreak.Instance);
    }

    private void TellConsoles(object message)
    {
        foreach (var console in _consolePorts.Values)
            console.Tell(message, Self);
    }

    private void SetReading(IActorRef port, bool paused) => _ports.SetReading(port, paused);

    private void SetBackendsReading(bool paused)
    {
        foreach (var port in _fanout.Sinks.Keys)
            SetReading(port, paused);
    }

    private static void Publish(MuxEvent @event) => Context.System.EventStream.Publish(@event);
}
