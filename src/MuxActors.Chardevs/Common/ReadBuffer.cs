namespace MuxActors.Chardevs.Common;

/// <summary>
/// Hands out read buffers carved from larger slabs, so bytes read from a device are passed on to the mux without
/// a copy: each slice is given away and never written again; a slab is dropped (and later collected) once it is
/// used up. Reads start small and grow while they come back full, so idle ports hold little memory and bulk
/// streams get large reads. Slabs stay below the large-object threshold (85,000 bytes) so they die young in gen0
/// instead of being zeroed, page-faulted and collected by gen2; they are not zeroed at all, since only bytes a
/// read wrote are ever handed out.
/// </summary>
internal sealed class ReadBuffer
{
    private const int MinRead = 2 * 1024;
    private const int MaxRead = 64 * 1024;
    private const int SlabSize = 64 * 1024;
    private byte[] _slab = [];
    private int _used;
    private int _readSize = MinRead;

    /// <summary>Space for the next read.</summary>
    public Memory<byte> Next()
    {
        if (_slab.Length - _used < _readSize)
        {
            _slab = GC.AllocateUninitializedArray<byte>(Math.Min(SlabSize, _readSize * 4));
            _used = 0;
        }
        return _slab.AsMemory(_used, _readSize);
    }

    /// <summary>Takes the first <paramref name="count"/> bytes of the last <see cref="Next"/> as an immutable slice.</summary>
    public ReadOnlyMemory<byte> Commit(int count)
    {
        var slice = _slab.AsMemory(_used, count);
        _used += count;
        if (count == _readSize && _readSize < MaxRead)
            _readSize *= 2; // the device has more: read bigger next time
        return slice;
    }
}
