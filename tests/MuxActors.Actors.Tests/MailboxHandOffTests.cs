using MuxActors.TestKit;

namespace MuxActors.Actors.Tests;

/// <summary>
/// The mailbox hand-off: a thread that ends an actor's run frees the mailbox and then looks for more work, while a
/// sender on another core queues a message and then tries to claim the free mailbox. Both must not miss each other.
/// </summary>
public sealed class MailboxHandOffTests : ActorTestKit
{
    private const int RoundTrips = 3_000_000; // about 8 s; the race it guards against showed once in 3 to 10 million

    [Fact]
    public async Task A_message_sent_while_the_actor_ends_its_run_is_never_stranded()
    {
        // One message at a time: the sender sends the next the moment the handler has counted the last, so the send
        // races with the end of the run that counted it. A stranded message would never be handled: nobody else sends.
        var counter = new Counter();
        var actor = Sys.ActorOf(Props.Create(() => new Counts(counter)));
        var stranded = await Task.Run(() =>
        {
            for (var i = 1; i <= RoundTrips; i++)
            {
                actor.Tell(i);
                var deadline = Environment.TickCount64 + 10_000;
                var spin = new SpinWait();
                while (counter.Value < i)
                {
                    if (Environment.TickCount64 > deadline)
                        return i;
                    spin.SpinOnce(sleep1Threshold: -1);
                }
            }
            return 0;
        });
        Assert.True(stranded == 0, $"message {stranded} of {RoundTrips} was not handled within 10 s");
    }

    private sealed class Counter
    {
        private int _value;
        public int Value => Volatile.Read(ref _value);
        public void Increment() => Interlocked.Increment(ref _value);
    }

    private sealed class Counts : ReceiveActor
    {
        public Counts(Counter counter) => Receive<int>(_ => counter.Increment());
    }
}
