using MuxActors.Core.Output;

namespace MuxActors.Core.Tests;

public sealed class OutputLogTests
{
    [Fact]
    public void Append_assigns_contiguous_offsets()
    {
        var log = new OutputLog();
        Assert.Equal(0, log.Append(new byte[3]).Offset);
        Assert.Equal(3, log.Append(new byte[5]).Offset);
        Assert.Equal(8, log.Head);
        Assert.Equal(0, log.Tail);
        Assert.Equal(8, log.RetainedBytes);
    }

    [Fact]
    public void Read_returns_a_slice_of_the_shared_chunk_without_copying()
    {
        var log = new OutputLog();
        var data = "hello world"u8.ToArray();
        log.Append(data);
        var slice = log.Read(6, 100);
        Assert.Equal("world"u8.ToArray(), slice.ToArray());
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(slice, out var segment));
        Assert.Same(data, segment.Array);
    }

    [Fact]
    public void Read_stops_at_chunk_boundaries_and_respects_max()
    {
        var log = new OutputLog();
        log.Append("abc"u8.ToArray());
        log.Append("defg"u8.ToArray());
        Assert.Equal("bc", Text(log.Read(1, 10)));
        Assert.Equal("de", Text(log.Read(3, 2)));
        Assert.Equal("g", Text(log.Read(6, 10)));
        Assert.True(log.Read(7, 10).IsEmpty);
    }

    [Fact]
    public void Trim_forgets_whole_chunks_only()
    {
        var log = new OutputLog();
        log.Append("abc"u8.ToArray());
        log.Append("def"u8.ToArray());
        log.TrimTo(4);
        Assert.Equal(3, log.Tail);
        Assert.True(log.Read(1, 10).IsEmpty);
        Assert.Equal("ef", Text(log.Read(4, 10)));
        log.TrimTo(100);
        Assert.Equal(6, log.Tail);
        Assert.Equal(0, log.RetainedBytes);
    }

    [Fact]
    public void Many_chunks_stay_searchable_after_compaction()
    {
        var log = new OutputLog();
        for (var i = 0; i < 10_000; i++)
            log.Append(new[] { (byte)(i % 251) });
        log.TrimTo(9_000);
        for (var offset = 9_000; offset < 10_000; offset += 37)
            Assert.Equal((byte)(offset % 251), log.Read(offset, 1).Span[0]);
    }

    private static string Text(ReadOnlyMemory<byte> bytes) => System.Text.Encoding.ASCII.GetString(bytes.Span);
}
