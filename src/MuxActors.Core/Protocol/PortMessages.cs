using Akka.Actor;
using Akka.Event;
using MuxActors.Core.Output;

namespace MuxActors.Core.Protocol;

// The one protocol every chardev speaks with its mux. A "port" is one open byte stream: the frontend's
// connection, a backend's file, or one client of a server backend. Ports tell the mux about themselves;
// the mux never knows whether it talks to a socket, a pty or a file.

/// <summary>Whether a port is the console side or a client side of a mux.</summary>
public enum PortRole
{
    /// <summary>The console (VM serial socket, serial device, process under a pty).</summary>
    Frontend,

    /// <summary>A client or sink (socket client, pty, log file, ring buffer...).</summary>
    Backend,
}

/// <summary>Identity of a port, sent with <see cref="PortOpened"/>.</summary>
/// <param name="ChardevId">The chardev the port belongs to.</param>
/// <param name="Role">Frontend or backend.</param>
/// <param name="Peer">Who is on the other end (a peer address, credentials, a path), for status and logs.</param>
public sealed record PortInfo(string ChardevId, PortRole Role, string Peer)
{
    /// <summary>Output policy for a port that belongs to no configured backend (an ad-hoc attach); ignored otherwise.</summary>
    public SinkOptions? Sink { get; init; }

    /// <summary>Whether an ad-hoc port's input is discarded; ignored for configured backends.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>
    /// The port's direct link, when it has one: the mux then writes, returns read credit and pauses reading through
    /// it instead of telling the port actor, saving a thread hand-off per chunk and per client.
    /// </summary>
    public IPortLink? Link { get; init; }

    /// <summary>
    /// The port is a terminal emulator's screen model that can answer the guest's terminal queries (a web or vc
    /// backend). The mux lets exactly one such port answer at a time (see <see cref="AnswerQueries"/>).
    /// </summary>
    public bool AnswersQueries { get; init; }

    /// <summary>
    /// The port must see every byte (a screen model fed with the output): the mux treats it as lossless (block),
    /// whatever its backend's <c>on-overflow</c> says, which then applies to the port's own viewers.
    /// </summary>
    public bool Lossless { get; init; }
}

/// <summary>
/// A port's direct link for its mux, safe to call from any thread: a write queue that writes at once when the device
/// is idle and takes the bytes without waiting, the read credit otherwise returned with <see cref="DataTaken"/>, and
/// the backpressure otherwise sent as <see cref="PauseReading"/> and <see cref="ResumeReading"/>.
/// </summary>
public interface IPortLink
{
    /// <summary>Queues a write; false when the port's session has closed (the write is then dropped, as to a stopped actor).</summary>
    bool TryEnqueue(object write);

    /// <summary>
    /// Writes <paramref name="write"/> at once if nothing is queued before it and the device takes it without waiting;
    /// queues whatever it did not take. Returns the bytes written now: they are acknowledged by this return value, and
    /// only the queued rest by a later <see cref="DataWritten"/>. Returns 0 when it queued everything, or when the
    /// session has closed and the write was dropped.
    /// </summary>
    int WriteOrEnqueue(WriteData write);

    /// <summary>The mux has processed <paramref name="bytes"/> of the port's input (as <see cref="DataTaken"/>).</summary>
    void Taken(long bytes);

    /// <summary>
    /// Stops (true) or restarts (false) the port's reads at once, as <see cref="PauseReading"/> and
    /// <see cref="ResumeReading"/> do through the port actor: a read loop that never waits for its device still sees
    /// the pause before its next read, however late the port actor would have run.
    /// </summary>
    void SetPaused(bool paused);
}

/// <summary>
/// mux → port: whether this port (one that <see cref="PortInfo.AnswersQueries"/>) is the one that answers the guest's
/// terminal queries now. One port per mux at a time, so a question gets exactly one answer.
/// </summary>
public sealed record AnswerQueries(bool Answer) : IDeadLetterSuppression;

/// <summary>port → mux: the port is open and ready. The sender is the port; the mux watches it.</summary>
public sealed record PortOpened(PortInfo Info);

/// <summary>port → mux: the port closed (the mux also notices when the port actor stops).</summary>
public sealed record PortClosed(string Reason) : IDeadLetterSuppression;

/// <summary>port → mux: bytes read from the port's device. The array behind <paramref name="Data"/> is never reused.</summary>
public sealed record DataReceived(ReadOnlyMemory<byte> Data) : IDeadLetterSuppression;

/// <summary>
/// mux → port: the mux has processed <paramref name="Bytes"/> of the port's earlier <see cref="DataReceived"/>. A port
/// stops reading while too much of what it read still waits in the mux's mailbox, so that a <see cref="PauseReading"/>
/// takes effect within a bounded number of bytes however fast the device is.
/// </summary>
public sealed record DataTaken(long Bytes) : IDeadLetterSuppression;

/// <summary>port → mux: <paramref name="Bytes"/> of earlier <see cref="WriteData"/> were written to the device.</summary>
public sealed record DataWritten(long Bytes) : IDeadLetterSuppression;

/// <summary>port → mux: the peer sent a BREAK.</summary>
public sealed record BreakReceived
{
    /// <summary>The single instance.</summary>
    public static BreakReceived Instance { get; } = new();
}

/// <summary>mux → port: write these bytes, whole and in order; acknowledge with <see cref="DataWritten"/>.</summary>
/// <param name="Offset">Stream offset of the first byte (output for backends, input sequence for the frontend).</param>
/// <param name="Data">Shared, immutable bytes.</param>
public sealed record WriteData(long Offset, ReadOnlyMemory<byte> Data) : IDeadLetterSuppression;

/// <summary>mux → port: write an out-of-band text line (console down/up notices, drop markers); not acknowledged.</summary>
public sealed record WriteNotice(string Text) : IDeadLetterSuppression;

/// <summary>mux → port: stop reading from the device until <see cref="ResumeReading"/>.</summary>
public sealed record PauseReading : IDeadLetterSuppression
{
    /// <summary>The single instance.</summary>
    public static PauseReading Instance { get; } = new();
}

/// <summary>mux → port: read from the device again.</summary>
public sealed record ResumeReading : IDeadLetterSuppression
{
    /// <summary>The single instance.</summary>
    public static ResumeReading Instance { get; } = new();
}

/// <summary>mux → frontend port: send a BREAK to the device.</summary>
public sealed record SendBreak
{
    /// <summary>The single instance.</summary>
    public static SendBreak Instance { get; } = new();
}

/// <summary>mux → console port: stop reading for good (the service stops); reply <see cref="ReadingStopped"/> once the last read was passed on.</summary>
public sealed record StopReading
{
    /// <summary>The single instance.</summary>
    public static StopReading Instance { get; } = new();
}

/// <summary>port → mux: nothing more will be read; every chunk read before was sent ahead of this.</summary>
public sealed record ReadingStopped : IDeadLetterSuppression
{
    /// <summary>The single instance.</summary>
    public static ReadingStopped Instance { get; } = new();
}

/// <summary>mux → port: close (for example a stalled client under the disconnect policy).</summary>
public sealed record ClosePort(string Reason) : IDeadLetterSuppression;

/// <summary>mux → frontend port: whether any backend is open (QEMU's OPENED/CLOSED events, aggregated over a set).</summary>
public sealed record BackendsOpen(bool Open) : IDeadLetterSuppression;

/// <summary>Handed to a chardev actor at creation: whom to report to.</summary>
/// <param name="Mux">The mux supervisor.</param>
/// <param name="Role">The chardev's role in that mux.</param>
public sealed record PortContext(IActorRef Mux, PortRole Role);
