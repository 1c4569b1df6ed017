using Akka.Event;
using Akka.Actor;
using MuxActors.Chardevs.Common;
using MuxActors.Chardevs.Terminal;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;
using MuxActors.Posix;
using MuxActors.Core.Time;

namespace MuxActors.Chardevs.Serial;

/// <summary>
/// The actor of a <c>serial</c> chardev: it opens the device when it starts and fails when the device goes away,
/// so that the mux restarts it with backoff until the device is back.
/// </summary>
internal sealed class SerialPortActor : PortActor
{
    private readonly string _path;
    private readonly SerialSettings _settings;
    private SerialDevice? _device;

    public SerialPortActor(ChardevSpec spec, PortContext context, string path, SerialSettings settings)
        : base(spec, context)
    {
        _path = path;
        _settings = settings;
    }

    /// <summary>Opening the device, and a BREAK that went out on the line.</summary>
    protected override bool OnKindMessage(object message)
    {
        switch (message)
        {
            case OpenDevice: Open(); return true;
            case BreakSent:
                Log.Info("{Port}: BREAK sent to {Path}", Self.Path, _path);
                Context.System.EventStream.Publish(new SerialBreakSent(PortContext.Mux.Path.Name, Context.System.Clock().GetUtcNow(), Spec.Id, _path));
                return true;
            default: return false;
        }
    }

    /// <inheritdoc />
    protected override void PreStart() =>
        Self.Tell(OpenDevice.Instance); // not here: an open failure in PreStart would stop the actor instead of restarting it

    /// <summary>The device hung up or vanished: fail, so the mux restarts this actor with backoff.</summary>
    protected override void OnTransportEnded(string reason, Exception? error)
    {
        Detach(reason);
        throw new IOException($"serial device '{_path}' was lost ({reason}); reopening it", error);
    }

    /// <summary>The mux closed this port (stalled under the disconnect policy): reopen it after the backoff.</summary>
    protected override void OnCloseRequested(string reason)
    {
        Detach(reason);
        throw new IOException($"serial device '{_path}' was closed by the mux ({reason}); reopening it");
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        base.PostStop();
        _device?.Dispose();
    }

    private void Open()
    {
        var device = SerialDevice.Open(_path, _settings); // ENOENT while unplugged: the failure is retried with backoff
        _device = device;
        if (device.SettingsMismatch is { } mismatch)
            Log.Warning("{Port}: {Path} did not take every setting: {Mismatch}", Self.Path, _path, mismatch);
        Log.Info("{Port}: opened {Path} ({Settings})", Self.Path, _path, _settings);
        var self = Self;
        Attach(new TerminalTransport(device.Stream, device, ct => SendBreakAsync(device, self, ct)), $"{_path} {_settings}");
    }

    /// <summary>
    /// tcsendbreak holds the calling thread for the break (0.25 to 0.5 s on a UART) after waiting for queued output
    /// to drain, so it runs on its own thread; the write loop waits for it, which keeps later writes after the BREAK.
    /// On a pty it returns at once and nothing reaches the other side: a pty cannot carry a BREAK.
    /// </summary>
    private static async ValueTask SendBreakAsync(SerialDevice device, IActorRef self, CancellationToken cancellationToken)
    {
        await Task.Factory.StartNew(device.SendBreak, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        self.Tell(BreakSent.Instance);
    }

    private sealed record OpenDevice
    {
        public static OpenDevice Instance { get; } = new();
    }

    private sealed record BreakSent
    {
        public static BreakSent Instance { get; } = new();
    }
}
