using MuxActors.Chardevs.Common;

namespace MuxActors.Chardevs.Tests;

/// <summary>A port's write queue, waited on by its async write loop or by its own writer thread.</summary>
public sealed class WriteQueueTests
{
    [Fact]
    public async Task Items_come_out_in_order_and_an_async_wait_completes_when_one_is_queued()
    {
        var queue = new WriteQueue();
        var waiting = queue.WaitAsync(CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        queue.TryAdd("a");
        queue.TryAdd("b");
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(2, queue.Count);
        Assert.True(queue.TryTake(out var first));
        Assert.True(queue.TryTake(out var second));
        Assert.Equal(("a", "b"), (first, second));
        Assert.False(queue.TryTake(out _));
    }

    [Fact]
    public async Task A_thread_waiting_for_an_item_is_woken_by_it_and_a_wait_with_nothing_queued_times_out()
    {
        var queue = new WriteQueue();
        Assert.False(queue.Wait(10));
        var waiting = Task.Factory.StartNew(() => queue.Wait(30_000), TaskCreationOptions.LongRunning);
        queue.TryAdd("x");
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Completing_wakes_both_kinds_of_waiter_refuses_new_items_and_still_hands_out_queued_ones()
    {
        var queue = new WriteQueue();
        var asyncWait = queue.WaitAsync(CancellationToken.None).AsTask();
        var threadWait = Task.Factory.StartNew(() => queue.Wait(30_000), TaskCreationOptions.LongRunning);
        queue.Complete();
        Assert.False(await asyncWait.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(await threadWait.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(queue.TryAdd("late"));

        var draining = new WriteQueue();
        draining.TryAdd("queued");
        draining.Complete();
        Assert.True(await draining.WaitAsync(CancellationToken.None));
        Assert.True(draining.TryTake(out var item));
        Assert.Equal("queued", item);
        Assert.False(await draining.WaitAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_cancelled_async_wait_throws()
    {
        var queue = new WriteQueue();
        using var cts = new CancellationTokenSource();
        var waiting = queue.WaitAsync(cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Theory]
    [InlineData(0, "abc|de|fgh")]
    [InlineData(2, "c|de|fgh")]
    [InlineData(3, "de|fgh")]
    [InlineData(4, "e|fgh")]
    [InlineData(8, "")]
    public void Trimming_a_gathered_write_drops_exactly_the_bytes_written(int written, string rest)
    {
        var pieces = new List<ReadOnlyMemory<byte>> { "abc"u8.ToArray(), "de"u8.ToArray(), "fgh"u8.ToArray() };
        Assert.Equal(8, Pieces.Total(pieces));
        Pieces.Trim(pieces, written);
        Assert.Equal(rest, string.Join("|", pieces.Select(p => System.Text.Encoding.ASCII.GetString(p.Span))));
    }
}
