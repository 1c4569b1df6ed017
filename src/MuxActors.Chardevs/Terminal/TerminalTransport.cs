using MuxActors.Chardevs.Common;
using MuxActors.Posix;

namespace MuxActors.Chardevs.Terminal;

/// <summary>
/// A terminal descriptor (pty master, serial device) as a port transport. Reads wait on the poller, never in
/// read(), so disposing the transport releases a pending read at once.
/// </summary>
internal sealed class TerminalTransport : IPortTransport
{
    private readonly PosixStream _stream;
    private readonly IDisposable? _owner;
    private readonly Func<CancellationToken, ValueTask>? _sendBreak;

    /// <summary>Wraps <paramref name="stream"/>.</summary>
    /// <param name="stream">The non-blocking terminal stream.</param>
    /// <param name="owner">
    /// What to close with the transport: the stream itself, or what owns it (a serial device also resets its flags).
    /// Null when the stream is only borrowed: the session's loops still end at once, as they are cancelled.
    /// </param>
    /// <param name="sendBreak">What a BREAK from the mux does; nothing when null.</param>
    public TerminalTransport(PosixStream stream, IDisposable? owner, Func<CancellationToken, ValueTask>? sendBreak = null)
    {
        _stream = stream;
        _owner = owner;
        _sendBreak = sendBreak;
    }

    public bool CanRead => true;

    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _stream.ReadAsync(buffer, cancellationToken);

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        _stream.WriteAsync(data, cancellationToken);

    public int TryWriteNow(ReadOnlySpan<byte> data) => _stream.TryWriteNow(data);

    public ValueTask SendBreakAsync(CancellationToken cancellationToken) =>
        _sendBreak?.Invoke(cancellationToken) ?? ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _owner?.Dispose();
        return ValueTask.CompletedTask;
    }
}
