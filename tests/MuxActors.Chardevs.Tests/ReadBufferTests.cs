using System.Runtime.InteropServices;
using MuxActors.Chardevs.Common;
using MuxActors.Core.Output;

namespace MuxActors.Chardevs.Tests;

/// <summary>The read slabs: no copy, no slice written twice, little garbage for small reads, large reads for bulk.</summary>
public sealed class ReadBufferTests
{
    [Fact]
    public void Small_reads_share_one_slab_until_it_is_used_up()
    {
        var buffer = new ReadBuffer();
        var arrays = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < 1000; i++)
        {
            buffer.Next();
            arrays.Add(ArrayOf(buffer.Commit(1)));
        }
        // 1000 one-byte reads (keystrokes) fit in one slab of 4 × the 2 KiB first read.
        Assert.Single(arrays);
    }

    [Fact]
    public void Partial_reads_at_the_largest_read_size_fill_the_slab_instead_of_wasting_it()
    {
        var buffer = new ReadBuffer();
        while (buffer.Next().Length < ReadBuffer.MaxRead)
            buffer.Commit(buffer.Next().Length); // full reads: the size doubles up to the maximum
        var arrays = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < 64; i++)
        {
            buffer.Next();
            arrays.Add(ArrayOf(buffer.Commit(16 * 1024))); // a console writing 16 KiB at a time
        }
        // Four 16 KiB reads per 64 KiB slab, not one slab per read.
        Assert.InRange(arrays.Count, 16, 17);
    }

    [Fact]
    public void Full_reads_grow_to_the_largest_size_and_take_a_slab_each()
    {
        var buffer = new ReadBuffer();
        var sizes = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            var space = buffer.Next();
            sizes.Add(space.Length);
            buffer.Commit(space.Length);
        }
        Assert.Equal([2048, 4096, 8192, 16384, 32768, 65536, 65536, 65536, 65536, 65536], sizes);
    }

    [Fact]
    public void A_rest_too_small_to_read_into_starts_a_new_slab()
    {
        var buffer = new ReadBuffer();
        while (buffer.Next().Length < ReadBuffer.MaxRead)
            buffer.Commit(buffer.Next().Length);
        buffer.Next();
        var first = buffer.Commit(ReadBuffer.SlabSize - ReadBuffer.MinRest + 1); // leaves less than MinRest
        var next = buffer.Next();
        Assert.Equal(ReadBuffer.MaxRead, next.Length);
        Assert.NotSame(ArrayOf(first), ArrayOf(next));
    }

    [Fact]
    public void Slices_handed_out_are_never_written_again()
    {
        var buffer = new ReadBuffer();
        var random = new Random(7);
        var given = new List<(ReadOnlyMemory<byte> Slice, byte Value)>();
        for (var i = 0; i < 2000; i++)
        {
            var space = buffer.Next();
            var count = random.Next(2) == 0 ? space.Length : random.Next(1, space.Length + 1);
            var value = (byte)i;
            space.Span[..count].Fill(value);
            given.Add((buffer.Commit(count), value));
        }
        Assert.All(given, g => Assert.True(g.Slice.Span.IndexOfAnyExcept(g.Value) < 0));
    }

    [Fact]
    public void Committing_more_than_was_offered_is_refused()
    {
        var buffer = new ReadBuffer();
        var space = buffer.Next();
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Commit(space.Length + 1));
    }

    [Fact]
    public void A_pooled_buffer_reads_into_the_slab_its_released_slices_gave_back()
    {
        var pool = new SlabPool(capacity: 4);
        var buffer = new ReadBuffer(pool);
        while (buffer.Next().Length < ReadBuffer.MaxRead)
            buffer.Commit(buffer.Next().Length); // small slabs come from the collector
        Assert.Equal(0, pool.Count);
        buffer.Next();
        var first = buffer.Commit(ReadBuffer.MaxRead);
        Assert.True(MemoryMarshal.TryGetMemoryManager(first, out PooledSlab? slab));
        Assert.Equal(2, slab.References); // the buffer's and the slice's
        buffer.Next(); // the buffer moves on to a second slab
        Assert.Equal(1, slab.References);
        PooledSlab.ReleaseSlice(first); // every sink has written it
        Assert.Equal(1, pool.Count);
        buffer.Commit(ReadBuffer.MaxRead);
        buffer.Next();
        Assert.True(MemoryMarshal.TryGetMemoryManager(buffer.Commit(1), out PooledSlab? third));
        Assert.Same(slab, third);
    }

    [Fact]
    public void Slices_of_a_pooled_buffer_keep_their_slab_from_the_pool()
    {
        var pool = new SlabPool(capacity: 4);
        var buffer = new ReadBuffer(pool);
        while (buffer.Next().Length < ReadBuffer.MaxRead)
            buffer.Commit(buffer.Next().Length);
        buffer.Next();
        var half = buffer.Commit(ReadBuffer.MaxRead / 2);
        buffer.Next();
        var rest = buffer.Commit(ReadBuffer.MaxRead / 2);
        buffer.Release();
        PooledSlab.ReleaseSlice(half);
        Assert.Equal(0, pool.Count); // the other half is still out
        PooledSlab.ReleaseSlice(rest);
        Assert.Equal(1, pool.Count);
    }

    private static byte[] ArrayOf(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) ? segment.Array! : throw new InvalidOperationException("not an array");

    private static byte[] ArrayOf(Memory<byte> memory) => ArrayOf((ReadOnlyMemory<byte>)memory);
}
