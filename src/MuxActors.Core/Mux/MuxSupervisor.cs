using Akka.Actor;
using Akka.Event;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Input;
using MuxActors.Core.Metrics;
using MuxActors.Core.Output;
using MuxActors.Core.Protocol;
using MuxActors.Core.Supervision;
using MuxActors.Core.Time;

namespace MuxActors.Core.Mux;

/// <summary>
/// The supervisor of one mux-be: owns the output log and the input budget, broadcasts frontend output to every
/// open backend port, serializes backend input into the frontend, applies the slow-client policies and restarts
/// failed chardev actors with backoff. It never touches a socket: chardev actors do I/O and speak the port protocol.
/// </summary>
public sealed partial class MuxSupervisor : UntypedActor, IWithTimers, IFanoutActions<IActorRef>
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeProvider _time = Context.System.Clock();
    private readonly MuxDefinition _definition;
    private readonly ChardevRegistry _registry;
    private readonly Dictionary<string, ChardevSpec> _backends = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _chardevActors = new(StringComparer.Ordinal);
    private static readonly IEqualityComparer<IActorRef> s_byReference = PortTable.ByReference;
    private readonly PortTable _ports;
    private readonly HashSet<IActorRef> _openBackendPorts = new(s_byReference);
    private readonly Dictionary<IActorRef, long> _resumeAt = new(s_byReference);
    private readonly ChardevRestarts _restarts;
    private readonly ListenerReadiness _listeners = new();
    private readonly StallChecks _stalls;
    private readonly Dictionary<string, ChardevSpec> _startWhenStopped = new(StringComparer.Ordinal);
    private readonly OutputFanout<IActorRef> _fanout;
    private readonly InputBudget _input;
    private readonly SupervisorStrategy _strategy;
    private readonly DateTimeOffset _started;
    private readonly KeyValuePair<string, object?> _muxTag;
    private IActorRef? _frontendPort;
    private long _inputOffset;
    private long _inputDiscarded;

    /// <summary>Creates the supervisor for <paramref name="definition"/>, building chardevs from <paramref name="registry"/>.</summary>
    public MuxSupervisor(MuxDefinition definition, ChardevRegistry registry)
    {
        _definition = definition;
        _registry = registry;
        _started = _time.GetUtcNow();
        _muxTag = new("mux", definition.Name);
        _ports = new PortTable(Self);
        _fanout = new OutputFanout<IActorRef>(definition.Settings.Output, this, _time, s_byReference);
        _stalls = new StallChecks(_fanout, _time);
        _restarts = new ChardevRestarts(definition.Name, Context.System.EventStream, _time);
        _input = new InputBudget(definition.Settings.InputHighWater, definition.Settings.InputLowWater);
        // Chardevs retry with backoff whatever failed, start-up included (a socket path still in use, a serial
        // adapter not plugged in yet, a program not installed yet); only an explicit Kill stops one.
        _strategy = new BackoffRestartStrategy(definition.Settings.Restart, onFailure: failure =>
        {
            _restarts.Record(failure);
            _listeners.Settled(failure.Child, Self); // failed to bind: waited for no longer
        });
        foreach (var backend in definition.Backends)
            _backends.Add(backend.Id, backend);
    }

    // One switch rather than ReceiveActor's handlers, which are built per instance: a service runs many muxes.
    /// <inheritdoc />
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case DataReceived data: OnData(data); break;
            case DataWritten written: OnWritten(written); break;
            case PortOpened opened: OnPortOpened(opened); break;
            case PortClosed closed: ClosePort(Sender, closed.Reason); break;
            case Terminated terminated: OnTerminated(terminated); break;
            case BreakReceived: ForwardBreak(); break;
            case StallCheck: _stalls.Fired(Timers); break;
            case GetMuxStatus: Sender?.Tell(Status()); break;
            case ChardevListening: _listeners.Settled(Sender, Self); break;
            case AwaitListening: _listeners.Await(Sender, Self); break;
            case AddBackend add: Sender?.Tell(Add(add.Spec)); break;
            case RemoveBackend remove: Sender?.Tell(Remove(remove.Id)); break;
            case ApplyDefinition apply: Apply(apply.Definition); break;
            case SpawnPort spawn: Sender?.Tell(new PortSpawned(Context.ActorOf(spawn.Props))); break;
            case ForwardToChardev forward: Forward(forward); break;
            case StopForShutdown stop: OnStopForShutdown(stop); break;
            case ReadingStopped: OnReadingStopped(); break;
            case StopDeadline: FinishStop(); break;
            case BreakConsole:
                Sender?.Tell(ForwardBreak()
                    ? MuxCommandResult.Success
                    : new MuxCommandResult(false, $"mux '{_definition.Name}': the console is not connected", "unavailable"));
                break;
            default: Unhandled(message); break;
        }
    }

    /// <summary>Props for the supervisor of <paramref name="definition"/>.</summary>
    public static Props Props(MuxDefinition definition, ChardevRegistry registry) =>
        Akka.Actor.Props.Create(() => new MuxSupervisor(definition, registry));

    /// <summary>The mux's timers (set by Akka).</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    private string Name => _definition.Name;

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() => _strategy;

    /// <inheritdoc />
    protected override void PreStart()
    {
        _log.Debug("Mux {Mux} runs on dispatcher {Dispatcher}", Name, Context.Dispatcher.Id);
        RecomputeReplayRetention();
        Track(_definition.Frontend.Id, StartChardev(_definition.Frontend, PortRole.Frontend));
        foreach (var backend in _definition.Backends)
            Track(backend.Id, StartChardev(backend, PortRole.Backend));
    }

    /// <inheritdoc />
    protected override void PreRestart(Exception reason, object message)
    {
        _log.Error(reason, "Mux {Mux} failed; restarting it and its chardevs", Name);
        _listeners.HandOver(Self); // before base.PreRestart's PostStop, which would answer them too early
        base.PreRestart(reason, message);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        _listeners.Release(Self); // stopped: whoever waits for its listeners waits no more
        base.PostStop();
    }

    private IActorRef? StartChardev(ChardevSpec spec, PortRole role)
    {
        var kind = _registry.Find(spec.Type)
            ?? throw new InvalidOperationException($"{spec.Where}: unknown chardev type '{spec.Type}'");
        if (Context.Child(spec.Id) is var stopping && !stopping.IsNobody())
        {
            _startWhenStopped[spec.Id] = spec; // the chardev it replaces is still stopping
            if (kind.Listens(spec))
                _listeners.Expect(stopping); // stands for its replacement until that one is expected (OnTerminated)
            return null;
        }
        var actor = Context.ActorOf(kind.CreateProps(spec, new PortContext(Self, role)), spec.Id);
        Context.Watch(actor);
        if (kind.Listens(spec))
            _listeners.Expect(actor);
        return actor;
    }

    private void OnPortOpened(PortOpened opened)
    {
        var port = Sender ?? throw new InvalidOperationException("PortOpened needs a sender");
        if (_ports.ContainsKey(port))
            ClosePort(port, "reopened"); // a restarted chardev actor reuses its reference
        var info = opened.Info;
        var now = _time.GetUtcNow();
        _listeners.Settled(port, Self); // a web or vc backend opens its port once it serves
        Context.Watch(port); // idempotent; a port that stops without PortClosed is noticed
        if (info.Role == PortRole.Frontend)
        {
            if (_frontendPort is { } previous && !previous.Equals(port))
                ClosePort(previous, "replaced by a new console connection");
            _frontendPort = port;
            _ports[port] = new MuxPort(info, now);
            if (_fanout.FrontendPaused)
                SetReading(port, paused: true);
            port.Tell(new BackendsOpen(_openBackendPorts.Count > 0), Self);
            _log.Info("Mux {Mux}: console {Chardev} connected ({Peer})", Name, info.ChardevId, info.Peer);
            Publish(new FrontendChanged(Name, now, true, info.Peer));
            if (_definition.Settings.Notify)
                NoticeAll($"\r\n[muxactors: console '{Name}' connected]\r\n");
            return;
        }
        var spec = _backends.GetValueOrDefault(info.ChardevId);
        var options = spec?.Sink ?? info.Sink ?? SinkOptions.Default;
        if (info.Lossless)
            options = options with { Policy = OverflowPolicy.Block };
        if (_resumeAt.Remove(port, out var resume) && resume >= _fanout.Log.Tail)
            options = options with { Replay = _fanout.Log.Head - resume }; // a restarted sink continues where it stopped
        _ports[port] = new MuxPort(info, now, spec);
        _fanout.Add(port, options);
        if (_input.Paused)
            SetReading(port, paused: true);
        if (_openBackendPorts.Add(port) && _openBackendPorts.Count == 1)
            _frontendPort?.Tell(new BackendsOpen(true), Self);
        ElectQueryAnswerer(port, info);
        _log.Info("Mux {Mux}: {Chardev} attached ({Peer})", Name, info.ChardevId, info.Peer);
        Publish(new PortAttached(Name, now, info.ChardevId, info.Peer));
        _stalls.Reschedule(Timers);
    }

    private void ClosePort(IActorRef? port, string reason)
    {
        if (port is null || !_ports.Remove(port, out var entry))
            return;
        var now = _time.GetUtcNow();
        if (entry.Info.Role == PortRole.Frontend)
        {
            if (!port.Equals(_frontendPort))
                return;
            _frontendPort = null;
            if (_input.Reset())
                SetBackendsReading(paused: false);
            _log.Warning("Mux {Mux}: console {Chardev} disconnected: {Reason}", Name, entry.Info.ChardevId, reason);
            Publish(new FrontendChanged(Name, now, false, reason));
            if (_definition.Settings.Notify && _stopping is null)
                NoticeAll($"\r\n[muxactors: console '{Name}' disconnected]\r\n");
            if (_stopping is { ConsoleQuiet: false } stopping)
            {
                _stopping = stopping with { ConsoleQuiet = true }; // a console that went away reads no more either
                TryFinishStop();
            }
            return;
        }
        if (_fanout.Sinks.TryGetValue(port, out var sink))
            _resumeAt[port] = sink.Sent - sink.InFlight;
        _fanout.Remove(port);
        QueryAnswererGone(port);
        if (_openBackendPorts.Remove(port) && _openBackendPorts.Count == 0)
            _frontendPort?.Tell(new BackendsOpen(false), Self);
        _log.Info("Mux {Mux}: {Chardev} detached ({Peer}): {Reason}", Name, entry.Info.ChardevId, entry.Info.Peer, reason);
        Publish(new PortDetached(Name, now, entry.Info.ChardevId, entry.Info.Peer, reason));
        TryFinishStop(); // a lossless sink that left holds the notice up no more
    }

    private void Track(string id, IActorRef? actor)
    {
        if (actor is not null)
            _chardevActors[id] = actor;
    }

    private void OnTerminated(Terminated terminated)
    {
        _resumeAt.Remove(terminated.ActorRef);
        ClosePort(terminated.ActorRef, "stopped");
        var id = terminated.ActorRef.Path.Name;
        if (_chardevActors.TryGetValue(id, out var actor) && actor.Equals(terminated.ActorRef))
            _chardevActors.Remove(id);
        if (_startWhenStopped.Remove(id, out var next) && _backends.ContainsKey(id))
            Track(id, StartChardev(next, PortRole.Backend));
        _listeners.Settled(terminated.ActorRef, Self); // after its replacement is expected: no early answer
    }

    private void OnData(DataReceived received)
    {
        var port = Sender;
        if (port is null || !_ports.TryGetValue(port, out var entry))
        {
            port?.Tell(new DataTaken(received.Data.Length), Self); // data from a port that already closed
            return;
        }
        // Bounds the port's read-ahead, whatever becomes of the data.
        if (entry.Info.Link is { } link)
            link.Taken(received.Data.Length);
        else
            port.Tell(new DataTaken(received.Data.Length), Self);
        entry.BytesIn += received.Data.Length;
        if (entry.Info.Role == PortRole.Frontend)
        {
            MuxMetrics.OutputBytes.Add(received.Data.Length, _muxTag);
            _fanout.Append(received.Data);
            _stalls.Reschedule(Timers);
            return;
        }
        if (IsReadOnlyInput(port, entry) || _frontendPort is null)
        {
            _inputDiscarded += received.Data.Length;
            MuxMetrics.InputDiscardedBytes.Add(received.Data.Length, _muxTag);
            return;
        }
        // One chunk from one backend becomes one write: never interleaved with another backend's chunk.
        var written = Write(_frontendPort, new WriteData(_inputOffset, received.Data));
        _inputOffset += received.Data.Length;
        MuxMetrics.InputBytes.Add(received.Data.Length, _muxTag);
        if (_input.OnQueued(received.Data.Length - written))
            SetBackendsReading(paused: true);
    }

    private void OnWritten(DataWritten written)
    {
        var port = Sender;
        if (port is null || !_ports.TryGetValue(port, out var entry))
            return;
        entry.BytesOut += written.Bytes;
        if (entry.Info.Role == PortRole.Frontend)
        {
            if (_input.OnWritten(written.Bytes))
                SetBackendsReading(paused: false);
            return;
        }
        _fanout.Acknowledge(port, written.Bytes);
        TryFinishStop();
    }

    private bool ForwardBreak()
    {
        if (_frontendPort is null)
            return false;
        _frontendPort.Tell(SendBreak.Instance, Self);
        return true;
    }

    private void SetBackendsReading(bool paused)
    {
        foreach (var (port, entry) in _ports)
        {
            if (entry.Info.Role == PortRole.Backend)
                SetReading(port, paused);
        }
    }

    private void NoticeAll(string text)
    {
        foreach (var port in _fanout.Sinks.Keys)
            Write(port, new WriteNotice(text));
    }

    private void RecomputeReplayRetention() =>
        _fanout.RetainForReplay = _backends.Values.Select(b => b.Sink.Replay).DefaultIfEmpty(0).Max();

    private static void Publish(MuxEvent @event) => Context.System.EventStream.Publish(@event);

    private void SetReading(IActorRef port, bool paused) => _ports.SetReading(port, paused);

    // Cheap on purpose: one lookup, then the link's non-blocking write (this is every chunk to every client).
    private int Write(IActorRef port, WriteData write) => _ports.Write(port, write);

    private void Write(IActorRef port, WriteNotice notice) => _ports.Write(port, notice);

    // IFanoutActions: what the output fan-out asks for, performed by telling ports.
    int IFanoutActions<IActorRef>.Send(IActorRef sink, long offset, ReadOnlyMemory<byte> data) => Write(sink, new WriteData(offset, data));

    void IFanoutActions<IActorRef>.Notice(IActorRef sink, string text)
    {
        Write(sink, new WriteNotice(text));
        if (_ports.TryGetValue(sink, out var entry) && _fanout.Sinks.TryGetValue(sink, out var state))
            Publish(new OutputDropped(Name, _time.GetUtcNow(), entry.Info.ChardevId, state.Dropped));
    }

    void IFanoutActions<IActorRef>.Dropped(IActorRef sink, long bytes)
    {
        if (_ports.TryGetValue(sink, out var entry))
            MuxMetrics.DroppedBytes.Add(bytes, MuxMetrics.BackendTags(Name, entry.Info.ChardevId, entry.Spec?.Type ?? "attach"));
    }

    void IFanoutActions<IActorRef>.Disconnect(IActorRef sink, string reason)
    {
        _log.Warning("Mux {Mux}: disconnecting {Port}: {Reason}", Name, sink.Path, reason);
        sink.Tell(new ClosePort(reason), Self);
        ClosePort(sink, reason);
    }

    void IFanoutActions<IActorRef>.PauseFrontend()
    {
        if (_frontendPort is { } port)
            SetReading(port, paused: true);
    }

    void IFanoutActions<IActorRef>.ResumeFrontend()
    {
        if (_stopping is not null)
            return; // the console is read no more

        if (_frontendPort is { } port)
            SetReading(port, paused: false);
    }
}
