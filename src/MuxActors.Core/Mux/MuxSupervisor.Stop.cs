using Akka.Actor;
using MuxActors.Core.Output;
using MuxActors.Core.Protocol;

namespace MuxActors.Core.Mux;

/// <summary>
/// The last words before the service stops: the console is read no more, what was read reaches every lossless sink,
/// then the notice goes out, so the log file and every lossless client end with the same bytes and the notice last.
/// </summary>
public sealed partial class MuxSupervisor
{
    private Stopping? _stopping;

    private void OnStopForShutdown(StopForShutdown stop)
    {
        if (_stopping is not null)
            return;
        _stopping = new Stopping(Sender, stop.Text, ConsoleQuiet: _frontendPort is null);
        if (_frontendPort is { } console)
        {
            SetReading(console, paused: true); // at once, through the link; the port then ends its read loop
            console.Tell(StopReading.Instance, Self);
        }
        Timers.StartSingleTimer(StopDeadline.Instance, StopDeadline.Instance, stop.Timeout);
        TryFinishStop();
    }

    private void OnReadingStopped()
    {
        if (_stopping is { ConsoleQuiet: false } stopping && Sender.Equals(_frontendPort))
        {
            _stopping = stopping with { ConsoleQuiet = true };
            TryFinishStop();
        }
    }

    /// <summary>
    /// Sends the notice once the console is quiet and every lossless sink has acknowledged the whole log; does nothing
    /// unless a stop is waiting for that (so the mux calls it after every acknowledgement and detach).
    /// </summary>
    private void TryFinishStop()
    {
        if (_stopping is not { ConsoleQuiet: true, Done: false })
            return;
        var head = _fanout.Log.Head;
        foreach (var sink in _fanout.Sinks.Values)
        {
            if (sink.Options.Policy != OverflowPolicy.Drop && sink.Acked < head)
                return;
        }
        FinishStop();
    }

    /// <summary>The notice goes out now (also when the deadline passed with a sink still behind: it gets it last).</summary>
    private void FinishStop()
    {
        if (_stopping is not { Done: false } stopping)
            return;
        _stopping = stopping with { Done = true };
        Timers.Cancel(StopDeadline.Instance);
        NoticeAll(stopping.Text);
        stopping.ReplyTo.Tell(MuxCommandResult.Success, Self);
    }

    private sealed record Stopping(IActorRef ReplyTo, string Text, bool ConsoleQuiet, bool Done = false);

    private sealed record StopDeadline
    {
        public static StopDeadline Instance { get; } = new();
    }
}
