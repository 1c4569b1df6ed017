namespace MuxActors.Core.Output;

/// <summary>
/// Free <see cref="PooledSlab"/>s, most recently returned first (the warmest in cache). Holds at most
/// <see cref="Capacity"/>; a slab returned beyond that is left to the garbage collector.
/// </summary>
public sealed class SlabPool
{
    private readonly Stack<PooledSlab> _free = new();

    /// <summary>Creates a pool that keeps up to <paramref name="capacity"/> free slabs.</summary>
    public SlabPool(int capacity) => Capacity = capacity;

    /// <summary>The process's pool: 64 slabs (4 MiB) at most, enough for the bytes in flight of a few streaming consoles.</summary>
    public static SlabPool Shared { get; } = new(64);

    /// <summary>Free slabs kept at most.</summary>
    public int Capacity { get; }

    /// <summary>Free slabs now.</summary>
    public int Count
    {
        get
        {
            lock (_free)
                return _free.Count;
        }
    }

    /// <summary>A slab with one reference, the caller's.</summary>
    public PooledSlab Rent()
    {
        PooledSlab? slab = null;
        lock (_free)
            _free.TryPop(out slab);
        slab ??= new PooledSlab(this);
        slab.Rented();
        return slab;
    }

    internal void Return(PooledSlab slab)
    {
        lock (_free)
        {
            if (_free.Count < Capacity)
                _free.Push(slab);
        }
    }
}
