namespace MuxActors.Chardevs.Sinks;

/// <summary>The last <see cref="Capacity"/> bytes written, in a fixed array. Thread-safe: written by the port's write loop, read by its actor.</summary>
internal sealed class RingBuffer(int capacity)
{
    private readonly Lock _lock = new();
    private readonly byte[] _ring = new byte[capacity];
    private long _total;

    public int Capacity => _ring.Length;

    public void Write(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            _total += data.Length;
            if (data.Length >= _ring.Length)
                data = data[^_ring.Length..]; // only the tail survives
            var start = (int)((_total - data.Length) % _ring.Length);
            var first = Math.Min(data.Length, _ring.Length - start);
            data[..first].CopyTo(_ring.AsSpan(start));
            data[first..].CopyTo(_ring);
        }
    }

    /// <summary>A copy of the most recent <paramref name="maxBytes"/> bytes (all that is held when <c>null</c>).</summary>
    public RingbufContents Snapshot(int? maxBytes)
    {
        lock (_lock)
        {
            var held = (int)Math.Min(_total, _ring.Length);
            var count = Math.Clamp(maxBytes ?? held, 0, held);
            var copy = new byte[count];
            var start = (int)((_total - count) % _ring.Length);
            var first = Math.Min(count, _ring.Length - start);
            _ring.AsSpan(start, first).CopyTo(copy);
            _ring.AsSpan(0, count - first).CopyTo(copy.AsSpan(first));
            return new RingbufContents(copy, _total);
        }
    }
}
