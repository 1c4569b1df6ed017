using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MuxActors.Core.Output;

/// <summary>
/// A read buffer that goes back to its <see cref="SlabPool"/> once nothing refers to it, so a streaming console reads
/// into memory that is still in the CPU's cache instead of into a fresh allocation for every 64 KiB. The reader holds
/// one reference while it reads into the slab and each slice it hands out holds one more; the output log gives a
/// slice's reference back when every sink has written it (<see cref="OutputLog.TrimTo"/>). A slice whose fate is
/// unknown (a sink left or skipped while writing it) keeps its reference, and the slab is left to the garbage collector.
/// </summary>
public sealed unsafe class PooledSlab : MemoryManager<byte>
{
    /// <summary>Bytes per slab: the largest read, below the large-object threshold.</summary>
    public const int Size = 64 * 1024;

    // Pinned for good (the pinned-object heap): system calls take its address without a handle per call.
    private readonly byte[] _array = GC.AllocateUninitializedArray<byte>(Size, pinned: true);
    private readonly SlabPool _pool;
    private int _references;

    internal PooledSlab(SlabPool pool) => _pool = pool;

    /// <summary>References held (the reader's and its slices'); 0 while the slab waits in its pool.</summary>
    public int References => Volatile.Read(ref _references);

    /// <summary>Takes one more reference (for a slice handed out).</summary>
    public void AddReference() => Interlocked.Increment(ref _references);

    /// <summary>Gives one reference back; the last one returns the slab to its pool.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left == 0)
            _pool.Return(this);
        else if (left < 0)
            throw new InvalidOperationException("a pooled slab was released more often than it was referenced");
    }

    /// <summary>Gives back the reference of <paramref name="slice"/> when it is a slice of a pooled slab.</summary>
    public static void ReleaseSlice(ReadOnlyMemory<byte> slice)
    {
        if (MemoryMarshal.TryGetMemoryManager(slice, out PooledSlab? slab))
            slab.Release();
    }

    internal void Rented() => Volatile.Write(ref _references, 1);

    /// <inheritdoc />
    public override Span<byte> GetSpan() => _array;

    /// <inheritdoc />
    public override MemoryHandle Pin(int elementIndex = 0) =>
        new(Unsafe.Add<byte>(Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array)), elementIndex));

    /// <inheritdoc />
    public override void Unpin()
    {
        // always pinned
    }

    /// <inheritdoc />
    protected override bool TryGetArray(out ArraySegment<byte> segment)
    {
        segment = _array;
        return true;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // nothing to free: the array belongs to the slab, and the slab to its pool or the collector
    }
}
