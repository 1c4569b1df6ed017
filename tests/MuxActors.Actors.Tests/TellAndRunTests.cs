using MuxActors.TestKit;

namespace MuxActors.Actors.Tests;

/// <summary>TellAndRun: an I/O loop feeding an actor runs the idle actor on its own thread, keeping the actor's guarantees.</summary>
public sealed class TellAndRunTests : ActorTestKit
{
    [Fact]
    public async Task An_idle_actor_handles_the_message_on_the_calling_thread_before_the_call_returns()
    {
        var seen = new ThreadRecorder();
        var actor = Sys.ActorOf(Props.Create(() => new RecordThread(seen)));
        await actor.Ask<string>("warm up", TimeSpan.FromSeconds(5)); // started and idle

        var (caller, handledBeforeReturn) = await Task.Run(() =>
        {
            actor.TellAndRun("hello");
            return (Environment.CurrentManagedThreadId, seen.Count == 2);
        });

        Assert.True(handledBeforeReturn);
        Assert.Equal(caller, seen.LastThread);
    }

    [Fact]
    public async Task Called_from_inside_an_actor_it_never_runs_the_target_nested_in_the_callers_handler()
    {
        var probe = CreateTestProbe();
        var target = Sys.ActorOf(Props.Create(() => new ReportsNesting(probe.Ref)), "target");
        await target.Ask<string>("warm up", TimeSpan.FromSeconds(5));
        var sender = Sys.ActorOf(Props.Create(() => new SendsWithTellAndRun(target)), "sender");

        sender.Tell("go");

        Assert.Equal("not nested", await probe.ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task Messages_keep_their_order_and_one_at_a_time_with_plain_tells_from_other_threads()
    {
        var state = new Concurrency();
        var actor = Sys.ActorOf(Props.Create(() => new ConcurrencyCheck(state)));
        await Task.WhenAll(
            Task.Run(() =>
            {
                for (var i = 0; i < 5_000; i++)
                    actor.TellAndRun(i);
            }),
            Task.Run(() =>
            {
                for (var i = 0; i < 5_000; i++)
                    actor.Tell(i);
            }));
        var done = await actor.Ask<int>("done?", TimeSpan.FromSeconds(10));
        Assert.Equal(10_000, done);
        Assert.Equal(1, state.MaxSeen);

        var probe = CreateTestProbe();
        var forwarder = Sys.ActorOf(Props.Create(() => new Forwarder(probe.Ref)));
        await Task.Run(() =>
        {
            for (var i = 0; i < 1_000; i++)
                forwarder.TellAndRun(i);
        });
        Assert.Equal(Enumerable.Range(0, 1_000).Cast<object>(), await probe.ReceiveNAsync(1_000));
    }

    [Fact]
    public async Task A_failure_in_the_handler_goes_to_the_supervisor_not_to_the_caller()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Lifecycle(probe.Ref, "")));
        actor.Tell("one");
        await probe.FishForMessageAsync<string>(m => m == "got one");
        await Task.Run(() => actor.TellAndRun("fail now")); // does not throw here
        actor.Tell("count");
        await probe.FishForMessageAsync<string>(m => m == "count=0"); // restarted by its supervisor: state reset
    }

    private sealed class ThreadRecorder
    {
        private int _count;
        public int Count => Volatile.Read(ref _count);
        public int LastThread { get; private set; }

        public void Record()
        {
            LastThread = Environment.CurrentManagedThreadId;
            Interlocked.Increment(ref _count);
        }
    }

    private sealed class RecordThread : ReceiveActor
    {
        public RecordThread(ThreadRecorder recorder) => Receive<string>(s =>
        {
            recorder.Record();
            Sender?.Tell(s, Self);
        });
    }

    /// <summary>True on a thread while <see cref="SendsWithTellAndRun"/> is inside its handler.</summary>
    private static readonly ThreadLocal<bool> s_insideSender = new();

    private sealed class SendsWithTellAndRun : ReceiveActor
    {
        public SendsWithTellAndRun(IActorRef target) => Receive<string>(_ =>
        {
            s_insideSender.Value = true;
            try
            {
                target.TellAndRun("from an actor");
            }
            finally
            {
                s_insideSender.Value = false;
            }
        });
    }

    private sealed class ReportsNesting : ReceiveActor
    {
        public ReportsNesting(IActorRef probe)
        {
            Receive<string>(s => s == "warm up", s => Sender?.Tell(s, Self));
            Receive<string>(_ => probe.Tell(s_insideSender.Value ? "nested" : "not nested"));
        }
    }
}
