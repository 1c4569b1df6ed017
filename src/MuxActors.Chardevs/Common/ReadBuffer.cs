using MuxActors.Core.Output;

namespace MuxActors.Chardevs.Common;

/// <summary>
/// Hands out read buffers carved from larger slabs, so bytes read from a device are passed on to the mux without
/// a copy: each slice is given away and never written again. Reads start small and grow while they come back full,
/// so idle ports hold little memory and bulk streams get large reads. A read that returns less than it asked for
/// leaves the rest of the slab to the next reads, so a keystroke costs its own bytes rather than a slab; a new slab
/// is taken when the rest is too small to be worth a read, or when a streaming device should get a full-size read.
/// Slabs stay below the large-object threshold (85,000 bytes) so they die young in gen0 instead of being zeroed,
/// page-faulted and collected by gen2; they are not zeroed at all, since only bytes a read wrote are handed out.
/// A console's buffer takes its full-size slabs from a <see cref="SlabPool"/>: its output is released by the mux's
/// output log once every sink has written it, and the next reads go into memory still warm in the cache.
/// </summary>
internal sealed class ReadBuffer(SlabPool? pool = null)
{
    internal const int MinRead = 2 * 1024;
    internal const int MaxRead = 64 * 1024;
    internal const int SlabSize = PooledSlab.Size;

    /// <summary>The smallest rest of a slab still read into; below it the rest is left unused.</summary>
    internal const int MinRest = 8 * 1024;

    private Memory<byte> _slab = Memory<byte>.Empty;
    private PooledSlab? _pooled; // the slab's pool entry, whose reader's reference this buffer holds
    private int _used;
    private int _readSize = MinRead;
    private int _offered;
    private bool _lastFilled;

    /// <summary>
    /// Space for the next read: the current read size, or the rest of the current slab when that is smaller but still
    /// worth a read and the last read did not fill its space (the device is not streaming).
    /// </summary>
    /// <param name="atLeast">Bytes the device holds already (a client's socket), up to <see cref="MaxRead"/>: offered in
    /// one read, so that what a client wrote in one piece is read in one piece and no other client's input can come
    /// between its halves.</param>
    public Memory<byte> Next(int atLeast = 0)
    {
        var want = Math.Max(_readSize, Math.Min(atLeast, MaxRead));
        var rest = _slab.Length - _used;
        // A device that filled the last read probably has more: give it a full-size read rather than a short one.
        if (rest < want && (_lastFilled || rest < MinRest || atLeast > rest))
        {
            TakeSlab(Math.Min(SlabSize, Math.Max(want, _readSize * 4)));
            _used = 0;
            rest = _slab.Length;
        }
        _offered = Math.Min(want, rest);
        return _slab.Slice(_used, _offered);
    }

    /// <summary>Takes the first <paramref name="count"/> bytes of the last <see cref="Next"/> as an immutable slice.</summary>
    public ReadOnlyMemory<byte> Commit(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _offered);
        var slice = _slab.Slice(_used, count);
        _pooled?.AddReference();
        _used += count;
        _lastFilled = count == _offered;
        if (_lastFilled && count == _readSize && _readSize < MaxRead)
            _readSize *= 2; // the device has more: read bigger next time
        _offered = 0;
        return slice;
    }

    /// <summary>Gives up the current slab (a pooled one returns once its slices are released).</summary>
    public void Release()
    {
        _pooled?.Release();
        _pooled = null;
        _slab = Memory<byte>.Empty;
        _used = 0;
    }

    private void TakeSlab(int size)
    {
        Release();
        if (pool is not null && size == PooledSlab.Size)
        {
            _pooled = pool.Rent();
            _slab = _pooled.Memory;
        }
        else
        {
            _slab = GC.AllocateUninitializedArray<byte>(size);
        }
    }
}
