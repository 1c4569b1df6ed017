using Akka.Actor;
using MuxActors.Core.Chardevs;

namespace MuxActors.Core.Mux;

/// <summary>Ask a mux for a <see cref="MuxStatus"/>.</summary>
public sealed record GetMuxStatus
{
    /// <summary>The single instance.</summary>
    public static GetMuxStatus Instance { get; } = new();
}

/// <summary>Add a backend to a running mux; replies <see cref="MuxCommandResult"/>.</summary>
public sealed record AddBackend(ChardevSpec Spec);

/// <summary>Remove (detach) a backend from a running mux; replies <see cref="MuxCommandResult"/>.</summary>
public sealed record RemoveBackend(string Id);

/// <summary>Apply a new definition with the same frontend and settings: backends are added, removed or replaced.</summary>
public sealed record ApplyDefinition(MuxDefinition Definition);

/// <summary>
/// The service is stopping: stop reading the console, let every lossless sink catch up with what was read, then write
/// <paramref name="Text"/> to every client; replies <see cref="MuxCommandResult"/> once the notice is queued, or after
/// <paramref name="Timeout"/> at the latest.
/// </summary>
public sealed record StopForShutdown(string Text, TimeSpan Timeout);

/// <summary>Start an ad-hoc port (muxctl attach, a web terminal) as a child of the mux; replies <see cref="PortSpawned"/>.</summary>
public sealed record SpawnPort(Props Props);

/// <summary>The ad-hoc port that was started.</summary>
public sealed record PortSpawned(IActorRef Port);

/// <summary>Deliver <paramref name="Message"/> to the mux's chardev <paramref name="Id"/> (the original sender gets the reply),
/// or reply a not-found <see cref="MuxCommandResult"/>.</summary>
public sealed record ForwardToChardev(string Id, object Message);

/// <summary>Send a BREAK to the console; replies <see cref="MuxCommandResult"/>.</summary>
public sealed record BreakConsole
{
    /// <summary>The single instance.</summary>
    public static BreakConsole Instance { get; } = new();
}

/// <summary>Outcome of a mux command.</summary>
/// <param name="Ok">Whether it succeeded.</param>
/// <param name="Error">The error, worded like the configuration validation, when it did not.</param>
/// <param name="Code">A short machine-readable code: <c>not-found</c>, <c>conflict</c>, <c>limit</c>, <c>invalid</c>.</param>
public sealed record MuxCommandResult(bool Ok, string? Error = null, string? Code = null)
{
    /// <summary>Success.</summary>
    public static MuxCommandResult Success { get; } = new(true);
}

/// <summary>A snapshot of one port (frontend connection, backend file or client).</summary>
public sealed record PortStatus(string ChardevId, string Role, string Peer, long BytesIn, long BytesOut, long Lag,
    long Dropped, string Policy, DateTimeOffset Since);

/// <summary>A snapshot of a mux for status displays and the management API.</summary>
public sealed record MuxStatus(string Name, bool FrontendOpen, string FrontendId, long OutputBytes, long InputBytes,
    long InputDiscarded, bool FrontendPaused, bool BackendsPaused, IReadOnlyList<string> Backends,
    IReadOnlyList<PortStatus> Ports, IReadOnlyDictionary<string, int> Restarts, DateTimeOffset Started)
{
    /// <summary>"mux-be" or "mux-fe".</summary>
    public string Kind { get; init; } = "mux-be";

    /// <summary>A mux-fe's consoles, in order (empty for a mux-be).</summary>
    public IReadOnlyList<string> Consoles { get; init; } = [];

    /// <summary>The console a mux-fe's input goes to (null for a mux-be, or a mux-fe without consoles).</summary>
    public string? Focus { get; init; }
}

/// <summary>Events a mux publishes on the actor system's event stream.</summary>
public abstract record MuxEvent(string Mux, DateTimeOffset At);

/// <summary>A client or sink port opened.</summary>
public sealed record PortAttached(string Mux, DateTimeOffset At, string ChardevId, string Peer) : MuxEvent(Mux, At);

/// <summary>A client or sink port closed.</summary>
public sealed record PortDetached(string Mux, DateTimeOffset At, string ChardevId, string Peer, string Reason) : MuxEvent(Mux, At);

/// <summary>The console connection came up or went down.</summary>
public sealed record FrontendChanged(string Mux, DateTimeOffset At, bool Up, string Detail) : MuxEvent(Mux, At);

/// <summary>A sink skipped bytes under the drop policy.</summary>
public sealed record OutputDropped(string Mux, DateTimeOffset At, string ChardevId, long Bytes) : MuxEvent(Mux, At);

/// <summary>A chardev actor failed and is being restarted (or stopped).</summary>
public sealed record ChardevRestarted(string Mux, DateTimeOffset At, string ChardevId, string Reason, TimeSpan Delay) : MuxEvent(Mux, At);
