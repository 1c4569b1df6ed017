using Akka.Actor;
using Akka.Event;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Mux;
using MuxActors.Core.Output;
using MuxActors.Core.Protocol;

namespace MuxActors.Core.MuxFe;

/// <summary>The escape commands, run-time changes and status of a frontend mux.</summary>
public sealed partial class FrontendMux
{
    private void ReceiveCommands()
    {
        Receive<GetMuxStatus>(_ => Sender.Tell(Status()));
        Receive<FocusConsole>(focus => Sender.Tell(Focus(focus.Console)));
        Receive<AddBackend>(add => Sender.Tell(AddConsole(add.Spec)));
        Receive<RemoveBackend>(remove => Sender.Tell(RemoveConsole(remove.Id)));
        Receive<SpawnPort>(spawn => Sender.Tell(new PortSpawned(Context.ActorOf(spawn.Props))));
        Receive<ForwardToChardev>(forward =>
        {
            if (_chardevActors.TryGetValue(forward.Id, out var actor))
                actor.Tell(forward.Message, Sender);
            else
                Sender.Tell(new MuxCommandResult(false, $"Chardev '{forward.Id}' not found in mux '{Name}'", "not-found"));
        });
        Receive<BreakConsole>(_ => Sender.Tell(BreakFocused()
            ? MuxCommandResult.Success
            : new MuxCommandResult(false, $"mux '{Name}': the focused console is not connected", "unavailable")));
        Receive<StopForShutdown>(stop =>
        {
            foreach (var console in _consolePorts.Values)
                SetReading(console, paused: true);
            NoticeAll(stop.Text);
            Sender.Tell(MuxCommandResult.Success, Self);
        });
        Receive<ReadingStopped>(_ => { });
    }

    private void OnEscape(EscapeCommand command, IActorRef port)
    {
        switch (command)
        {
            case EscapeCommand.Help:
                NoticeAll(EscapeKeys.Help(_options.Escape, _focus ?? "none"));
                break;
            case EscapeCommand.Break:
                if (!BreakFocused())
                    NoticeAll($"\r\n[muxactors: console '{_focus}' is not connected: no BREAK sent]\r\n");
                break;
            case EscapeCommand.NextFocus:
                if (_focus is not null)
                    MoveFocus(_consoles[(_consoles.FindIndex(c => c.Id == _focus) + 1) % _consoles.Count].Id);
                break;
            case EscapeCommand.ToggleTimestamps:
                _stamper.Set(!_stamper.On);
                break;
            case EscapeCommand.Detach:
                Detach(port);
                break;
        }
    }

    private void Detach(IActorRef port)
    {
        if (_options.ExitOnDetach && _backend.Type == "stdio")
        {
            _log.Info("Mux {Mux}: detached from stdio with the escape key; the service stops", Name);
            Publish(new ServiceExitRequested(Name, _time.GetUtcNow(), "detached from stdio"));
            return;
        }
        var reason = $"detached with {EscapeKeys.Name(_options.Escape)} x";
        port.Tell(new ClosePort(reason), Self);
        ClosePort(port, reason);
    }

    private bool BreakFocused()
    {
        if (_focus is null || !_consolePorts.TryGetValue(_focus, out var console))
            return false;
        console.Tell(SendBreak.Instance, Self);
        return true;
    }

    private MuxCommandResult Focus(string console)
    {
        if (!_consoles.Any(c => c.Id == console))
            return new(false, $"mux '{Name}' has no console '{console}' (consoles: {string.Join(", ", _consoles.Select(c => c.Id))})", "not-found");
        MoveFocus(console);
        return MuxCommandResult.Success;
    }

    /// <summary>Input goes to <paramref name="console"/> from now on; the backend is told in one line.</summary>
    private void MoveFocus(string? console)
    {
        var previous = _focus;
        _focus = console;
        if (console is not null)
        {
            var state = _consolePorts.ContainsKey(console) ? "" : " (not connected)";
            NoticeAll($"\r\n[muxactors: focus on console '{console}'{state}]\r\n");
        }
        _log.Info("Mux {Mux}: focus moved from {Previous} to {Console}", Name, previous, console);
        Publish(new FocusChanged(Name, _time.GetUtcNow(), console, previous));
    }

    private MuxCommandResult AddConsole(ChardevSpec spec)
    {
        if (spec.Id == _backend.Id || _consoles.Any(c => c.Id == spec.Id))
            return new(false, $"chardev '{spec.Id}' is already in use by mux '{Name}'", "conflict");
        if (_consoles.Count >= _options.MaxFrontends)
            return new(false, TooManyFrontends(Name, _options.MaxFrontends), "limit");
        if (_registry.Find(spec.Type) is not { CanBeFrontend: true })
            return new(false, $"chardev type '{spec.Type}' can't be a console", "invalid");
        if (!Context.Child(spec.Id).IsNobody())
            return new(false, $"chardev '{spec.Id}' is still stopping in mux '{Name}'", "conflict");
        try
        {
            Start(spec, PortRole.Frontend);
        }
        catch (Exception ex)
        {
            return new(false, ex.Message, "invalid");
        }
        _consoles.Add(spec);
        MoveFocus(spec.Id); // QEMU's rule: the frontend attached last has the focus
        return MuxCommandResult.Success;
    }

    /// <summary>QEMU's words for one frontend too many.</summary>
    public static string TooManyFrontends(string mux, int maximum) =>
        $"too many uses of multiplexed chardev '{mux}' (maximum is {maximum})";

    private MuxCommandResult RemoveConsole(string id)
    {
        if (id == _backend.Id)
            return new(false, $"Chardev '{id}' is busy (it is the backend of mux-fe '{Name}')", "busy");
        var index = _consoles.FindIndex(c => c.Id == id);
        if (index < 0)
            return new(false, $"Chardev '{id}' not found in mux '{Name}'", "not-found");
        _consoles.RemoveAt(index);
        if (_chardevActors.Remove(id, out var actor))
        {
            if (_consolePorts.TryGetValue(id, out var port))
                ClosePort(port, "console removed");
            Context.Stop(actor);
        }
        if (_focus == id)
            MoveFocus(_consoles.Count == 0 ? null : _consoles[index % _consoles.Count].Id);
        return MuxCommandResult.Success;
    }

    private MuxStatus Status() =>
        new(Name, _consolePorts.Count > 0, _focus ?? "", _fanout.Log.Head, _inputBytes, _inputDiscarded,
            _fanout.FrontendPaused, _input.Paused, [_backend.Id], _ports.Describe(_fanout), _restarts.Snapshot(), _started)
        {
            Kind = "mux-fe",
            Consoles = [.. _consoles.Select(c => c.Id)],
            Focus = _focus,
        };

    private void NoticeAll(string text)
    {
        foreach (var port in _fanout.Sinks.Keys)
            Write(port, new WriteNotice(text));
    }

    private int Write(IActorRef port, WriteData write) => _ports.Write(port, write);

    private void Write(IActorRef port, WriteNotice notice) => _ports.Write(port, notice);

    // IFanoutActions: the backend's output policy, performed by telling ports.
    int IFanoutActions<IActorRef>.Send(IActorRef sink, long offset, ReadOnlyMemory<byte> data) => Write(sink, new WriteData(offset, data));

    void IFanoutActions<IActorRef>.Notice(IActorRef sink, string text) => Write(sink, new WriteNotice(text));

    void IFanoutActions<IActorRef>.Dropped(IActorRef sink, long bytes)
    {
    }

    void IFanoutActions<IActorRef>.Disconnect(IActorRef sink, string reason)
    {
        sink.Tell(new ClosePort(reason), Self);
        ClosePort(sink, reason);
    }

    void IFanoutActions<IActorRef>.PauseFrontend()
    {
        foreach (var console in _consolePorts.Values)
            SetReading(console, paused: true);
    }

    void IFanoutActions<IActorRef>.ResumeFrontend()
    {
        foreach (var console in _consolePorts.Values)
            SetReading(console, paused: false);
    }
}
