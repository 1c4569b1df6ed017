using Akka.Actor;
using Akka.Event;
using MuxActors.Chardevs.Common;
using MuxActors.Chardevs.Terminal;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;
using PosixPty = MuxActors.Posix.Pty;

namespace MuxActors.Chardevs.Pty;

/// <summary>
/// The actor of a <c>pty</c> chardev. It owns one raw pty at a time and attaches to the mux only while a program
/// has the slave open.
/// </summary>
/// <remarks>
/// Reader detection: Linux has no call that counts a slave's open descriptors, but the master reports POLLHUP
/// exactly while the slave has been opened before and is now closed by everyone. A fresh pty is not in that state
/// (a never-opened slave looks like an open one), so each new pty is "armed" by opening and closing its slave once;
/// from then on "no POLLHUP" means "a reader is attached". The state is re-checked whenever inotify reports an open
/// or close of the slave (see <see cref="SlaveOpenWatcher"/>), and when the master reads end of stream; without
/// inotify it is polled every 100 ms.
/// <para>
/// Hang-up: the session only borrows the master, so the old pty stays open until the new one is armed and the link
/// renamed over to it; the link therefore never points at a missing slave, nor at a reused /dev/pts number.
/// </para>
/// </remarks>
internal sealed class PtyPortActor : PortActor
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly string? _link;
    private bool _polling;
    private PosixPty? _pty;
    private IDisposable? _watch;
    private int _ptyGeneration;

    public PtyPortActor(ChardevSpec spec, PortContext context, string? link, bool forcePolling)
        : base(spec, context)
    {
        _link = link;
        _polling = forcePolling;
    }

    /// <summary>Opening the pty, and the watch on its slave side (inotify events, or the polling that replaces them).</summary>
    protected override bool OnKindMessage(object message)
    {
        switch (message)
        {
            case OpenRequested: OpenPty(); return true;
            case SlaveActivity activity:
                if (activity.Generation != _ptyGeneration)
                    return true;
                if (activity.WatchLost)
                    StartPolling("the inotify watcher stopped");
                CheckReader();
                return true;
            case PollTick: CheckReader(); return true;
            default: return false;
        }
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        // Opening happens in a message, not here: a failure in PreStart would stop the actor instead of
        // letting the mux restart it with backoff.
        Self.Tell(OpenRequested.Instance);
        if (_polling)
            StartPolling(null);
    }

    /// <summary>The reader hung up (the master reads end of stream) or the pty failed: start over with a new pty.</summary>
    protected override void OnTransportEnded(string reason, Exception? error) =>
        Recreate(error is null ? "the program on the pty closed it" : reason);

    /// <summary>The mux closed this port (a stalled reader): hang up the reader by replacing the pty; the link stays.</summary>
    protected override void OnCloseRequested(string reason) => Recreate(reason);

    /// <inheritdoc />
    protected override void PostStop()
    {
        base.PostStop();
        _watch?.Dispose();
        _pty?.Dispose(); // removes the link if it still points at this pty
    }

    private void Recreate(string reason)
    {
        Detach(reason);
        OpenPty();
    }

    /// <summary>Creates and arms a new pty, watches its slave, points the link at it, then drops the old one.</summary>
    private void OpenPty()
    {
        var pty = PosixPty.Open(raw: true);
        IDisposable? watch = null;
        try
        {
            pty.OpenSlave().Dispose(); // arm: from now on POLLHUP on the master means "no reader"
            var generation = _ptyGeneration + 1;
            watch = _polling ? null : Watch(pty.SlavePath, generation);
            if (_link is not null)
            {
                // Like log files and sockets, the link's folder is created: no start-up order between chardevs.
                if (Path.GetDirectoryName(_link) is { Length: > 0 } folder)
                    Directory.CreateDirectory(folder);
                pty.PublishLink(_link); // atomic rename over the old link: the path never goes missing
            }
            _ptyGeneration = generation;
        }
        catch
        {
            watch?.Dispose();
            pty.Dispose();
            throw;
        }
        var (oldPty, oldWatch) = (_pty, _watch);
        (_pty, _watch) = (pty, watch);
        oldWatch?.Dispose();
        oldPty?.Dispose();
        Log.Info("{Port}: pty {Slave} is ready{Link}", Self.Path, pty.SlavePath, _link is null ? "" : $" at {_link}");
        CheckReader(); // a program may have opened it already
    }

    private IDisposable? Watch(string slavePath, int generation)
    {
        var self = Self;
        try
        {
            return SlaveOpenWatcher.Shared.Watch(slavePath, lost => self.Tell(new SlaveActivity(generation, lost)));
        }
        catch (IOException ex)
        {
            StartPolling(ex.Message);
            return null;
        }
    }

    private void StartPolling(string? why)
    {
        if (why is not null)
            Log.Warning("{Port}: cannot watch pty slaves ({Reason}); checking for readers every {Interval} ms", Self.Path, why, PollInterval.TotalMilliseconds);
        _polling = true;
        if (!Timers.IsTimerActive(PollTick.Instance))
            Timers.StartPeriodicTimer(PollTick.Instance, PollTick.Instance, PollInterval);
    }

    /// <summary>Attaches when a program has the slave open, starts over when it has hung up.</summary>
    private void CheckReader()
    {
        if (_pty is not { } pty)
            return;
        var hungUp = pty.IsHungUp;
        if (!hungUp && !IsAttached)
            Attach(new TerminalTransport(pty.Master, owner: null), _link ?? pty.SlavePath); // borrowed: the old master stays open until the new link is up
        else if (hungUp && IsAttached)
            Recreate("the program on the pty closed it");
    }

    private sealed record OpenRequested
    {
        public static OpenRequested Instance { get; } = new();
    }

    private sealed record PollTick
    {
        public static PollTick Instance { get; } = new();
    }

    /// <summary>The watcher saw the slave of pty <paramref name="Generation"/> opened or closed.</summary>
    private sealed record SlaveActivity(int Generation, bool WatchLost);
}
