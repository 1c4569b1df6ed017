using Akka.Event;
using Akka.Actor;
using MuxActors.Chardevs.Common;
using MuxActors.Chardevs.Terminal;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;
using MuxActors.Posix;
using MuxActors.Core.Time;

namespace MuxActors.Chardevs.Exec;

/// <summary>
/// The actor of an <c>exec</c> chardev: one program under a pty per actor instance. The port is open from the
/// start of the program until it ends; its exit is then reported and the restart policy applied.
/// </summary>
/// <remarks>
/// Two things tell that the program ended: the pty's end of stream and the reaped exit status; they come in either
/// order. The port closes once both are known, so the close reason carries the exit status and no output is lost.
/// After the exit, the end of stream is awaited as long as it takes (reading may be paused by the mux) when nothing
/// else holds the terminal (POLLHUP on the master); if a background job holds it, it is awaited <see cref="Grace"/>
/// and then given up. If the terminal closes and the program lives on for <see cref="Grace"/>, it is hung up
/// (SIGHUP, SIGTERM, later SIGKILL) since it has no console any more.
/// </remarks>
internal sealed class ExecPortActor : PortActor
{
    internal static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(250);
    private readonly ExecSettings _settings;
    private PtyProcess? _process;
    private ChildExit? _exit;
    private bool _terminalEnded;

    public ExecPortActor(ChardevSpec spec, PortContext context, ExecSettings settings)
        : base(spec, context)
    {
        _settings = settings;
    }

    /// <summary>The program's life: start it, its exit, the grace period after a stop.</summary>
    protected override bool OnKindMessage(object message)
    {
        switch (message)
        {
            case StartProgram: Start(); return true;
            case ProgramExited exited: OnExited(exited); return true;
            case GraceOver: OnGraceOver(); return true;
            default: return false;
        }
    }

    /// <inheritdoc />
    protected override void PreStart() =>
        Self.Tell(StartProgram.Instance); // in a message, so a spawn failure is an ordinary failure the mux retries with backoff

    /// <inheritdoc />
    protected override void OnTransportEnded(string reason, Exception? error)
    {
        _terminalEnded = true;
        if (_exit is not null)
            Finish();
        else
            Timers.StartSingleTimer(GraceOver.Instance, GraceOver.Instance, Grace);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        base.PostStop();
        _process?.Dispose(); // SIGHUP + SIGTERM to its process group now, SIGKILL after the grace; reaped in the background
    }

    private void Start()
    {
        var process = PtyProcess.Start(new PtyProcessOptions(_settings.Command)
        {
            Environment = _settings.Environment,
            WorkingDirectory = _settings.WorkingDirectory,
            WindowSize = _settings.Size,
            TimeProvider = Context.System.Clock(),
        });
        _process = process;
        _ = ReportExitAsync(process, Self);
        Log.Info("{Port}: started {Command} as pid {Pid} on {Slave} ({Size})",
            Self.Path, _settings.CommandLine, process.Pid, process.Pty.SlavePath, _settings.Size);
        Attach(new TerminalTransport(process.Terminal, process.Terminal), $"pid {process.Pid} on {process.Pty.SlavePath}");
    }

    private static async Task ReportExitAsync(PtyProcess process, IActorRef self)
    {
        try
        {
            self.Tell(new ProgramExited(process.Pid, await process.Exited.ConfigureAwait(false), null));
        }
        catch (Exception ex)
        {
            self.Tell(new ProgramExited(process.Pid, null, ex));
        }
    }

    private void OnExited(ProgramExited exited)
    {
        if (_process?.Pid != exited.Pid)
            return;
        if (exited.Error is not null)
            throw new IOException($"'{_settings.Command[0]}' (pid {exited.Pid}) could not be reaped: {exited.Error.Message}", exited.Error);
        _exit = exited.Exit;
        if (_terminalEnded || !IsAttached)
            Finish();
        else if (!_process.Pty.IsHungUp)
            Timers.StartSingleTimer(GraceOver.Instance, GraceOver.Instance, Grace); // a background job holds the terminal
        // else nothing else has the terminal open: its end of stream follows the rest of the output, however long
        // the mux keeps reading paused, so wait for it and lose nothing.
    }

    private void OnGraceOver()
    {
        if (_exit is not null)
            Finish(); // exited, but something else keeps the terminal open: stop waiting for the rest of the output
        else
            _process?.Dispose(); // the terminal is gone but the program is not: hang it up, its exit follows
    }

    /// <summary>Closes the port with the exit status and applies the restart policy.</summary>
    private void Finish()
    {
        var exit = _exit!.Value;
        Timers.Cancel(GraceOver.Instance);
        var what = $"'{_settings.Command[0]}' (pid {_process!.Pid}) {ChildExitedException.Describe(exit)}";
        Detach(what);
        _process.Dispose();
        var restart = _settings.Restart switch
        {
            RestartPolicy.Always => true,
            RestartPolicy.OnFailure => !exit.Succeeded,
            _ => false,
        };
        if (restart)
            throw new ChildExitedException($"{what}; restarting it (restart = {Policy})", exit);
        Log.Info("{Port}: {What}; not restarting it (restart = {Policy})", Self.Path, what, Policy);
        Context.Stop(Self);
    }

    private string Policy => _settings.Restart switch
    {
        RestartPolicy.OnFailure => "on-failure",
        RestartPolicy.Never => "never",
        _ => "always",
    };

    private sealed record StartProgram
    {
        public static StartProgram Instance { get; } = new();
    }

    private sealed record GraceOver
    {
        public static GraceOver Instance { get; } = new();
    }

    private sealed record ProgramExited(int Pid, ChildExit? Exit, Exception? Error) : IDeadLetterSuppression; // races a stop
}
