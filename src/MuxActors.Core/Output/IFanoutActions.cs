namespace MuxActors.Core.Output;

/// <summary>What the <see cref="OutputFanout{TSink}"/> asks its owner to do; the owner performs the I/O.</summary>
public interface IFanoutActions<in TSink>
{
    /// <summary>
    /// Deliver <paramref name="data"/> (stream offset <paramref name="offset"/>) to <paramref name="sink"/>. Returns the
    /// bytes the sink wrote at once, which count as acknowledged; the rest is acknowledged later with
    /// <see cref="OutputFanout{TSink}.Acknowledge"/>.
    /// </summary>
    int Send(TSink sink, long offset, ReadOnlyMemory<byte> data);

    /// <summary>Deliver an out-of-band text line (drop marker) to <paramref name="sink"/>, not counted as output.</summary>
    void Notice(TSink sink, string text);

    /// <summary>Close <paramref name="sink"/>; it has been removed already.</summary>
    void Disconnect(TSink sink, string reason);

    /// <summary>Stop reading the frontend (real backpressure).</summary>
    void PauseFrontend();

    /// <summary>Read the frontend again.</summary>
    void ResumeFrontend();

    /// <summary><paramref name="bytes"/> were skipped for <paramref name="sink"/> under the drop policy (for counting).</summary>
    void Dropped(TSink sink, long bytes)
    {
    }
}
