namespace MuxActors.Chardevs.Sinks;

/// <summary>Ask a <c>ringbuf</c> chardev for what it holds; it replies <see cref="RingbufContents"/>.</summary>
/// <param name="MaxBytes">At most this many of the most recent bytes; <c>null</c> for all it holds.</param>
public sealed record ReadRingbuf(int? MaxBytes = null);

/// <summary>The reply to <see cref="ReadRingbuf"/>: a copy of the most recent output, which the ring keeps.</summary>
/// <param name="Data">The bytes, oldest first.</param>
/// <param name="TotalWritten">Bytes written to the ring since it started (so a reader can tell what it missed).</param>
public sealed record RingbufContents(byte[] Data, long TotalWritten);

/// <summary>Makes a <c>ringbuf</c> chardev produce input, as if a client had typed it: it reaches the console whole.</summary>
/// <param name="Data">The bytes; not modified afterwards by the sender.</param>
public sealed record InjectInput(byte[] Data);

/// <summary>Makes a <c>ringbuf</c> chardev report a BREAK to its mux, as if a client had sent one.</summary>
public sealed record InjectBreak
{
    /// <summary>The single instance.</summary>
    public static InjectBreak Instance { get; } = new();
}
