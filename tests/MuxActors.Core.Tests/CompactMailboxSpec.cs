using Akka.Actor;
using Akka.TestKit.Xunit2;
using MuxActors.Core.Dispatch;
using Xunit.Abstractions;

namespace MuxActors.Core.Tests;

/// <summary>The control actors' mailbox: Akka's queue semantics without Akka's per-actor segment.</summary>
public sealed class CompactMailboxSpec(ITestOutputHelper output) : TestKit(
    """
    akka.actor.default-mailbox.mailbox-type = "MuxActors.Core.Dispatch.CompactMailbox, MuxActors.Core"
    """, output)
{
    [Fact]
    public void Messages_come_out_in_the_order_they_went_in_and_the_count_follows()
    {
        var queue = new CompactMessageQueue();
        Assert.False(queue.HasMessages);
        for (var i = 0; i < 100; i++)
            queue.Enqueue(TestActor, new Envelope(i, TestActor));
        Assert.Equal(100, queue.Count);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(queue.TryDequeue(out var envelope));
            Assert.Equal(i, envelope.Message);
        }
        Assert.False(queue.HasMessages);
        Assert.False(queue.TryDequeue(out _));
    }

    [Fact]
    public void Clean_up_hands_what_is_left_to_dead_letters_in_order()
    {
        var queue = new CompactMessageQueue();
        var deadLetters = new CompactMessageQueue();
        queue.Enqueue(TestActor, new Envelope("a", TestActor));
        queue.Enqueue(TestActor, new Envelope("b", TestActor));
        queue.CleanUp(TestActor, deadLetters);
        Assert.Equal(0, queue.Count);
        Assert.True(deadLetters.TryDequeue(out var first));
        Assert.True(deadLetters.TryDequeue(out var second));
        Assert.Equal(("a", "b"), (first.Message, second.Message));
    }

    [Fact]
    public async Task Concurrent_senders_lose_nothing_and_keep_each_senders_order()
    {
        var queue = new CompactMessageQueue();
        const int Senders = 4, Each = 20_000;
        var received = new List<(int Sender, int Seq)>();
        var producers = Enumerable.Range(0, Senders).Select(s => Task.Run(() =>
        {
            for (var i = 0; i < Each; i++)
                queue.Enqueue(TestActor, new Envelope((s, i), TestActor));
        })).ToArray();
        var consumer = Task.Run(() =>
        {
            while (received.Count < Senders * Each)
            {
                if (queue.TryDequeue(out var envelope))
                    received.Add(((int, int))envelope.Message);
            }
        });
        await Task.WhenAll(producers).WaitAsync(TimeSpan.FromSeconds(30));
        await consumer.WaitAsync(TimeSpan.FromSeconds(30));
        foreach (var sender in received.GroupBy(r => r.Sender))
            Assert.Equal(Enumerable.Range(0, Each), sender.Select(r => r.Seq));
    }

    [Fact]
    public void An_actor_on_the_compact_mailbox_receives_its_messages()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        for (var i = 0; i < 50; i++)
            echo.Tell(i);
        for (var i = 0; i < 50; i++)
            ExpectMsg(i);
    }

    private sealed class EchoActor : ReceiveActor
    {
        public EchoActor() => ReceiveAny(message => Sender.Tell(message));
    }
}
