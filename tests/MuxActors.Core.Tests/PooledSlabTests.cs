using System.Runtime.InteropServices;
using MuxActors.Core.Output;

namespace MuxActors.Core.Tests;

/// <summary>Pooled read slabs: counted references, reuse of the warmest slab, and a fan-out that gives them back only when safe.</summary>
public sealed class PooledSlabTests
{
    private static readonly OutputSettings Small = new(HighWater: 100, LowWater: 20, Window: 40, MaxLag: 400);
    private readonly RecordingActions _actions = new();
    private readonly SlabPool _pool = new(capacity: 4);

    [Fact]
    public void The_last_release_returns_the_slab_and_the_next_rent_reuses_it()
    {
        var slab = _pool.Rent();
        Assert.Equal(1, slab.References);
        slab.AddReference();
        slab.Release();
        Assert.Equal(0, _pool.Count);
        slab.Release();
        Assert.Equal(1, _pool.Count);
        Assert.Same(slab, _pool.Rent());
        Assert.Equal(0, _pool.Count);
    }

    [Fact]
    public void Releasing_more_often_than_referenced_is_an_error_not_a_second_return()
    {
        var slab = _pool.Rent();
        slab.Release();
        Assert.Throws<InvalidOperationException>(slab.Release);
        Assert.Equal(1, _pool.Count);
    }

    [Fact]
    public void The_pool_keeps_no_more_than_its_capacity()
    {
        var slabs = Enumerable.Range(0, _pool.Capacity + 2).Select(_ => _pool.Rent()).ToList();
        slabs.ForEach(s => s.Release());
        Assert.Equal(_pool.Capacity, _pool.Count);
    }

    [Fact]
    public void A_slice_shows_the_slab_bytes_and_its_array()
    {
        var slab = _pool.Rent();
        slab.GetSpan()[..3].Fill(7);
        ReadOnlyMemory<byte> slice = slab.Memory[1..3];
        Assert.Equal([7, 7], slice.ToArray());
        Assert.True(MemoryMarshal.TryGetArray(slice, out var segment));
        Assert.Equal((1, 2, PooledSlab.Size), (segment.Offset, segment.Count, segment.Array!.Length));
    }

    [Fact]
    public void The_log_gives_a_trimmed_chunk_back_unless_it_was_unpooled()
    {
        var log = new OutputLog();
        var first = Slice(10);
        var second = Slice(10);
        log.Append(first.Chunk);
        log.Append(second.Chunk);
        log.Unpool(5, 10); // part of the first chunk may still be in use
        log.TrimTo(20);
        Assert.Equal(1, first.Slab.References);
        Assert.Equal(0, second.Slab.References);
    }

    [Fact]
    public void A_chunk_goes_back_only_once_every_sink_has_written_it()
    {
        var fanout = new OutputFanout<string>(Small, _actions, TimeProvider.System);
        _actions.WritesAtOnce["idle"] = int.MaxValue;
        fanout.Add("idle", SinkOptions.Default);
        fanout.Add("busy", SinkOptions.Default);
        var (slab, chunk) = Slice(30);
        fanout.Append(chunk);
        Assert.Equal(1, slab.References); // sent to both, written by one
        fanout.Acknowledge("busy", _actions.Drain("busy"));
        Assert.Equal(0, slab.References);
        Assert.Equal(1, _pool.Count);
    }

    [Fact]
    public void A_sink_that_leaves_with_a_chunk_in_flight_keeps_it_from_the_pool()
    {
        var fanout = new OutputFanout<string>(Small, _actions, TimeProvider.System);
        fanout.Add("leaving", SinkOptions.Default);
        var (slab, chunk) = Slice(30);
        fanout.Append(chunk);
        fanout.Remove("leaving"); // its port may still be writing the chunk
        Assert.Equal(0, fanout.Log.RetainedBytes);
        Assert.Equal(1, slab.References);
        Assert.Equal(0, _pool.Count);
    }

    [Fact]
    public void A_drop_sink_that_skips_with_a_chunk_in_flight_keeps_it_from_the_pool()
    {
        var fanout = new OutputFanout<string>(Small, _actions, TimeProvider.System);
        fanout.Add("dropper", new SinkOptions(OverflowPolicy.Drop));
        var (slab, chunk) = Slice(40);
        fanout.Append(chunk);                      // a full window in flight
        fanout.Append(new byte[Small.HighWater + 1]); // more than high-water unsent: the sink skips ahead
        Assert.True(fanout.Sinks["dropper"].Dropped > 0);
        fanout.Acknowledge("dropper", _actions.Drain("dropper"));
        while (_actions.Drain("dropper") is var n and > 0)
            fanout.Acknowledge("dropper", n);
        Assert.Equal(0, fanout.Log.RetainedBytes);
        Assert.Equal(1, slab.References);
    }

    [Fact]
    public void A_stuck_drop_sink_keeps_only_the_chunks_it_was_sent_from_the_pool()
    {
        var fanout = new OutputFanout<string>(Small, _actions, TimeProvider.System);
        _actions.WritesAtOnce["live"] = int.MaxValue;
        fanout.Add("live", SinkOptions.Default);
        fanout.Add("stuck", new SinkOptions(OverflowPolicy.Drop));
        var pool = new SlabPool(capacity: 0); // a slab per chunk, never reused: its references are the chunk's
        var (sent, chunk) = Slice(40, pool);
        fanout.Append(chunk); // the stuck sink's window, never written
        var later = new List<PooledSlab>();
        for (var i = 0; i < 20; i++)
        {
            var (slab, data) = Slice(30, pool);
            later.Add(slab);
            fanout.Append(data); // the stuck sink skips again and again
        }
        Assert.True(fanout.Sinks["stuck"].DropEvents > 1);
        Assert.Equal(1, sent.References);
        // Every later chunk went back once "live" wrote it, but for the last 40 bytes: the stuck sink counts its
        // window as the last bytes it would have been sent, and the log keeps those.
        Assert.Equal(fanout.Log.Head - 60, fanout.Log.Tail);
        Assert.All(later[..^2], s => Assert.Equal(0, s.References));
    }

    /// <summary>A chunk of a fresh slab whose reader has moved on: the chunk's reference is the only one.</summary>
    private (PooledSlab Slab, ReadOnlyMemory<byte> Chunk) Slice(int length, SlabPool? pool = null)
    {
        var slab = (pool ?? _pool).Rent();
        slab.GetSpan()[..length].Fill(1);
        slab.AddReference();
        slab.Release();
        return (slab, slab.Memory[..length]);
    }
}
