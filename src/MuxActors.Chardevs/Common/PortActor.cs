using Akka.Event;
using Akka.Actor;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Output;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Common;

/// <summary>
/// Base of every actor that is a port of a mux: it attaches to a transport (socket, pty, file...), runs a
/// <see cref="PortSession"/> for it, and speaks the port protocol. A kind decides what happens when the transport
/// ends: a server's client stops, a client chardev reconnects with backoff, a pty is recreated.
/// </summary>
public abstract class PortActor : UntypedActor, IWithTimers
{
    private PortSession? _session;
    private int _generation;

    /// <summary>Keeps the chardev's configuration and its place in the mux.</summary>
    protected PortActor(ChardevSpec spec, PortContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(context);
        Spec = spec;
        PortContext = context;
    }

    // An untyped actor with one switch, not a ReceiveActor: a ReceiveActor builds its handlers per instance (about
    // 1.2 KB for the 13 of the port protocol, measured), and a mux has many ports, most of them idle clients.
    /// <summary>The port protocol; anything else goes to the kind (<see cref="OnKindMessage"/>).</summary>
    protected sealed override void OnReceive(object message)
    {
        switch (message)
        {
            case WriteData write: _session?.TryEnqueue(write); break;
            case WriteNotice notice: _session?.TryEnqueue(notice); break;
            case PauseReading: _session?.SetPaused(true); break;
            case ResumeReading: _session?.SetPaused(false); break;
            case DataTaken taken: _session?.Taken(taken.Bytes); break;
            case SendBreak: _session?.EnqueueBreak(); break;
            case ClosePort close: OnCloseRequested(close.Reason); break;
            case StopReading: StopReadingFor(PortContext.Mux); break;
            case BackendsOpen open: OnBackendsOpen(open.Open); break;
            case InputEnded ended:
                if (ended.Generation == _generation && _session is not null)
                    Log.Debug("{Port}: the peer ended its input; output goes on until it closes", Self.Path);
                break;
            case TransportEnded ended:
                if (ended.Generation == _generation && _session is not null)
                    OnTransportEnded(ended.Reason, ended.Error);
                break;
            default:
                if (!OnKindMessage(message))
                    Unhandled(message);
                break;
        }
    }

    /// <summary>A kind's own messages (its timers, its transport's events); false for a message it does not know.</summary>
    protected virtual bool OnKindMessage(object message) => false;

    private void StopReadingFor(IActorRef mux)
    {
        var self = Self;
        if (_session is { } session)
            session.StopReadingAsync().PipeTo(mux, self, () => ReadingStopped.Instance, _ => ReadingStopped.Instance);
        else
            mux.Tell(ReadingStopped.Instance, self);
    }

    /// <summary>The actor's timers (set by Akka).</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>This actor's log.</summary>
    protected ILoggingAdapter Log { get; } = Context.GetLogger();

    /// <summary>The chardev's configuration.</summary>
    protected ChardevSpec Spec { get; }

    /// <summary>The mux and this port's role in it.</summary>
    protected PortContext PortContext { get; }

    /// <summary>The chardev id reported to the mux (a server's clients report their server's id).</summary>
    protected virtual string ChardevId => Spec.Id;

    /// <summary>Whether a transport is attached.</summary>
    protected bool IsAttached => _session is not null;

    /// <summary>Starts reading and writing <paramref name="transport"/> and tells the mux the port is open.</summary>
    protected void Attach(IPortTransport transport, string peer)
    {
        ArgumentNullException.ThrowIfNull(transport);
        Detach("replaced");
        // A console's reads come from the shared slab pool: the mux's log gives them back once every sink has them.
        var readPool = PortContext.Role == PortRole.Frontend ? SlabPool.Shared : null;
        // A client's half-close ends its input only (it may still read); a console's end of input is its end.
        _session = new PortSession(transport, PortContext.Mux, Self, ++_generation, readPool,
            clientPort: PortContext.Role == PortRole.Backend);
        // Told before the read loop starts: its first DataReceived must not reach the mux before PortOpened (the mux
        // drops data from ports it does not know, so input typed at once after connecting would be lost).
        PortContext.Mux.Tell(new PortOpened(DescribePort(peer) with { Link = _session }), Self);
        _session.Start();
    }

    /// <summary>What the mux is told about this port when it opens; an ad-hoc port adds its own output policy.</summary>
    protected virtual PortInfo DescribePort(string peer) => new(ChardevId, PortContext.Role, peer);

    /// <summary>Stops the session, closes the transport and tells the mux the port is closed.</summary>
    /// <param name="reason">Why, for the mux and the logs.</param>
    /// <param name="drain">Time allowed to write what is already queued (for a clean stop); zero closes at once.</param>
    protected void Detach(string reason, TimeSpan drain = default)
    {
        if (_session is not { } session)
            return;
        _session = null;
        PortSessions.Track(session.CloseAsync(drain).AsTask());
        PortContext.Mux.Tell(new PortClosed(reason), Self);
    }

    /// <summary>The transport ended (peer closed, I/O error). Default: detach and stop this actor.</summary>
    protected virtual void OnTransportEnded(string reason, Exception? error)
    {
        if (error is not null)
            Log.Info("{Port}: {Reason}", Self.Path, reason);
        Detach(reason);
        Context.Stop(Self);
    }

    /// <summary>The mux asked to close this port (for example, stalled under the disconnect policy). Default: detach and stop.</summary>
    protected virtual void OnCloseRequested(string reason)
    {
        Detach(reason);
        Context.Stop(Self);
    }

    /// <summary>Frontends learn whether any backend is open; default: nothing to do.</summary>
    protected virtual void OnBackendsOpen(bool open) { }

    /// <summary>Stopping (service shutdown, backend removed): what is queued, such as a goodbye notice, is written first.</summary>
    protected override void PostStop() => Detach("stopped", PortSessions.StopDrain);
}
