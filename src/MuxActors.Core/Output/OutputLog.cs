using System.Runtime.InteropServices;

namespace MuxActors.Core.Output;

/// <summary>A contiguous piece of frontend output at an absolute stream offset. Immutable and shared by every sink.</summary>
/// <param name="Offset">Stream offset of the first byte.</param>
/// <param name="Data">The bytes; never modified after append.</param>
public readonly record struct OutputChunk(long Offset, ReadOnlyMemory<byte> Data)
{
    /// <summary>Offset just past the last byte.</summary>
    public long End => Offset + Data.Length;
}

/// <summary>
/// The bounded output log of one mux: frontend output appended once, at increasing absolute offsets, and read by
/// many sinks at their own positions. Chunks are shared, never copied per sink; <see cref="TrimTo"/> forgets
/// chunks no sink needs any more, and gives a chunk cut from a <see cref="PooledSlab"/> back to it then. Not
/// thread-safe: owned by the mux actor.
/// </summary>
public sealed class OutputLog
{
    private readonly List<Entry> _chunks = [];
    private int _first; // index of the oldest retained chunk in _chunks (the list is compacted lazily)

    /// <summary>Offset of the next byte to be appended (total bytes ever appended).</summary>
    public long Head { get; private set; }

    /// <summary>Offset of the oldest retained byte.</summary>
    public long Tail { get; private set; }

    /// <summary>Bytes currently retained.</summary>
    public long RetainedBytes => Head - Tail;

    /// <summary>Appends <paramref name="data"/>, which the caller must never modify afterwards.</summary>
    public OutputChunk Append(ReadOnlyMemory<byte> data)
    {
        var chunk = new OutputChunk(Head, data);
        if (!data.IsEmpty)
        {
            _chunks.Add(new Entry(chunk));
            Head += data.Length;
        }
        return chunk;
    }

    /// <summary>
    /// Returns up to <paramref name="maxBytes"/> bytes starting at <paramref name="offset"/> as one slice of one chunk
    /// (call again for the rest). Empty when <paramref name="offset"/> is at the head or no longer retained.
    /// </summary>
    public ReadOnlyMemory<byte> Read(long offset, long maxBytes)
    {
        if (offset < Tail || offset >= Head || maxBytes <= 0)
            return ReadOnlyMemory<byte>.Empty;
        var index = FindChunk(offset);
        var chunk = _chunks[index].Chunk;
        var start = (int)(offset - chunk.Offset);
        var length = (int)Math.Min(chunk.Data.Length - start, maxBytes);
        return chunk.Data.Slice(start, length);
    }

    /// <summary>
    /// Forgets every byte before <paramref name="offset"/> (whole chunks only; a partly needed chunk stays). The caller
    /// guarantees that nothing holds those bytes any more, unless it said so with <see cref="Unpool"/>: a forgotten
    /// chunk of a <see cref="PooledSlab"/> goes back to its slab.
    /// </summary>
    public void TrimTo(long offset)
    {
        offset = Math.Min(offset, Head);
        while (_first < _chunks.Count && _chunks[_first].Chunk.End <= offset)
        {
            var entry = _chunks[_first++];
            if (!entry.Unpooled)
                PooledSlab.ReleaseSlice(entry.Chunk.Data);
        }
        Tail = _first < _chunks.Count ? _chunks[_first].Chunk.Offset : Head;
        if (_first > 64 && _first * 2 > _chunks.Count)
        {
            _chunks.RemoveRange(0, _first); // amortized compaction keeps Read's binary search on live chunks
            _first = 0;
        }
    }

    /// <summary>
    /// The retained chunks that hold bytes of [<paramref name="from"/>, <paramref name="to"/>) may still be in use when
    /// they are trimmed (a sink left or skipped ahead with them in flight): they are never given back to their slab,
    /// which the collector then frees.
    /// </summary>
    public void Unpool(long from, long to)
    {
        if (from >= to || to <= Tail || from >= Head)
            return;
        var chunks = CollectionsMarshal.AsSpan(_chunks);
        for (var i = FindChunk(Math.Max(from, Tail)); i < chunks.Length && chunks[i].Chunk.Offset < to; i++)
            chunks[i].Unpooled = true;
    }

    private int FindChunk(long offset)
    {
        int lo = _first, hi = _chunks.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (_chunks[mid].Chunk.Offset <= offset)
                lo = mid;
            else
                hi = mid - 1;
        }
        return lo;
    }

    private struct Entry(OutputChunk chunk)
    {
        public readonly OutputChunk Chunk = chunk;
        public bool Unpooled; // see Unpool
    }
}
