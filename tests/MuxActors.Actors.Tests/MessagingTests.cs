using MuxActors.TestKit;

namespace MuxActors.Actors.Tests;

public sealed class MessagingTests : ActorTestKit
{
    [Fact]
    public async Task Messages_from_one_sender_arrive_in_order()
    {
        var probe = CreateTestProbe();
        var forwarder = Sys.ActorOf(Props.Create(() => new Forwarder(probe.Ref)), "forwarder");
        for (var i = 0; i < 10_000; i++)
            forwarder.Tell(i);
        var received = await probe.ReceiveNAsync(10_000);
        Assert.Equal(Enumerable.Range(0, 10_000).Cast<object>(), received);
    }

    [Fact]
    public async Task Each_sender_keeps_its_order_when_many_send_at_once()
    {
        var probe = CreateTestProbe();
        var forwarder = Sys.ActorOf(Props.Create(() => new Forwarder(probe.Ref)));
        const int senders = 4, each = 2_000;
        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(() =>
        {
            for (var i = 0; i < each; i++)
                forwarder.Tell((s, i));
        })));
        var received = (await probe.ReceiveNAsync(senders * each)).Cast<(int Sender, int Seq)>().ToList();
        for (var s = 0; s < senders; s++)
            Assert.Equal(Enumerable.Range(0, each), received.Where(m => m.Sender == s).Select(m => m.Seq));
    }

    [Fact]
    public async Task An_actor_processes_one_message_at_a_time()
    {
        var state = new Concurrency();
        var actor = Sys.ActorOf(Props.Create(() => new ConcurrencyCheck(state)));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 5_000; i++)
                actor.Tell(i);
        })));
        var done = await actor.Ask<int>("done?", TimeSpan.FromSeconds(10));
        Assert.Equal(20_000, done);
        Assert.Equal(1, state.MaxSeen);
    }

    [Fact]
    public async Task Ask_returns_the_reply()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo");
        Assert.Equal("hi", await echo.Ask<string>("hi", TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Ask_times_out_with_the_target_path_in_the_message()
    {
        var silent = Sys.ActorOf(Props.Create(() => new Forwarder(CreateTestProbe().Ref)), "silent");
        var ex = await Assert.ThrowsAsync<AskTimeoutException>(() => silent.Ask<string>("hello?", TimeSpan.FromMilliseconds(50)));
        Assert.Contains("/user/silent", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_with_a_failure_reply_throws_its_cause()
    {
        var probe = CreateTestProbe();
        var forwarder = Sys.ActorOf(Props.Create(() => new Forwarder(probe.Ref)));
        var ask = forwarder.Ask<string>("q", TimeSpan.FromSeconds(5));
        await probe.ExpectMsgAsync("q");
        probe.Reply(new Status.Failure(new FormatException("nope")));
        var ex = await Assert.ThrowsAsync<FormatException>(() => ask);
        Assert.Equal("nope", ex.Message);
    }

    [Fact]
    public async Task Ask_with_a_reply_of_the_wrong_type_says_so()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());
        var ex = await Assert.ThrowsAsync<InvalidCastException>(() => echo.Ask<int>("x", TimeSpan.FromSeconds(5)));
        Assert.Contains("Int32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Async_handler_suspends_the_mailbox_until_it_completes()
    {
        var probe = CreateTestProbe();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new AsyncWorker(probe.Ref, gate.Task)));
        actor.Tell("slow");
        actor.Tell("fast");
        await probe.ExpectMsgAsync("slow started");
        await probe.ExpectNoMsgAsync(); // "fast" must wait for "slow" to finish
        gate.SetResult();
        await probe.ExpectMsgAsync("slow done");
        await probe.ExpectMsgAsync("fast done");
    }

    [Fact]
    public async Task A_failing_async_handler_is_supervised_like_a_throwing_one()
    {
        var probe = CreateTestProbe();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new AsyncWorker(probe.Ref, gate.Task)));
        actor.Tell("boom");
        await probe.ExpectMsgAsync("slow started");
        gate.SetException(new InvalidOperationException("async failure"));
        await probe.ExpectMsgAsync("restarted async failure");
    }

    [Fact]
    public async Task System_messages_overtake_queued_user_messages()
    {
        var probe = CreateTestProbe();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new AsyncWorker(probe.Ref, gate.Task)));
        probe.Watch(actor);
        actor.Tell("slow");
        await probe.ExpectMsgAsync("slow started");
        for (var i = 0; i < 100; i++)
            actor.Tell("fast");
        Sys.Stop(actor);
        gate.SetResult();
        await probe.ExpectMsgAsync("slow done");
        await probe.ExpectTerminatedAsync(actor); // no "fast done": the stop went first
    }

    [Fact]
    public async Task Paths_are_hierarchical()
    {
        var probe = CreateTestProbe();
        var muxes = Sys.ActorOf(Props.Create(() => new Parent(SupervisorStrategy.Default, null)), "muxes");
        Assert.Equal("/user/muxes", muxes.Path.ToString());
        var child = await probe.SpawnChild(muxes, Props.Create<Echo>());
        Assert.Equal("/user/muxes/child", child.Path.ToString());
        Assert.Equal("child", child.Path.Name);
        Assert.Equal("/user/muxes", child.Path.Parent!.ToString());
    }

    [Fact]
    public void Names_must_be_unique_and_valid()
    {
        Sys.ActorOf(Props.Create<Echo>(), "vm1");
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<Echo>(), "vm1"));
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<Echo>(), "a/b"));
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<Echo>(), "$x"));
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<Echo>(), ""));
        Assert.StartsWith("/user/$", Sys.ActorOf(Props.Create<Echo>()).Path.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Actors_cannot_be_created_with_new()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new Echo());
        Assert.Contains("ActorOf", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Become_and_unbecome_switch_behaviour()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Moody(probe.Ref)));
        actor.Tell("hi");
        await probe.ExpectMsgAsync("happy hi");
        actor.Tell("sad");
        actor.Tell("hi");
        await probe.ExpectMsgAsync("sad hi");
        actor.Tell("cheer up");
        actor.Tell("hi");
        await probe.ExpectMsgAsync("happy hi");
    }

    [Fact]
    public async Task Untyped_become_can_stack_and_unbecome()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Stacker(probe.Ref)));
        actor.Tell("push");
        actor.Tell("x");
        actor.Tell("pop");
        actor.Tell("x");
        Assert.Equal(new object[] { "pushed x", "base x" }, await probe.ReceiveNAsync(2));
    }

    [Fact]
    public async Task Stash_replays_in_order_before_newer_messages()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Stasher(probe.Ref)));
        foreach (var m in new[] { "a", "b", "c", "open", "d" })
            actor.Tell(m);
        Assert.Equal(new object[] { "a", "b", "c", "d" }, await probe.ReceiveNAsync(4));
    }

    [Fact]
    public async Task Unstash_one_puts_back_only_the_oldest()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Stasher(probe.Ref)));
        foreach (var m in new[] { "a", "b", "one", "count" })
            actor.Tell(m);
        Assert.Equal(new object[] { "a", "stashed=1" }, await probe.ReceiveNAsync(2));
    }

    [Fact]
    public async Task Unhandled_messages_are_published()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(UnhandledMessage));
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo2");
        echo.Tell(42);
        var unhandled = await probe.ExpectMsgAsync<UnhandledMessage>();
        Assert.Equal(42, unhandled.Message);
        Assert.Equal(echo, unhandled.Recipient);
    }

    private sealed class AsyncWorker : ReceiveActor
    {
        private readonly IActorRef _probe;

        public AsyncWorker(IActorRef probe, Task gate)
        {
            _probe = probe;
            ReceiveAsync<string>(m => m is "slow" or "boom", async m =>
            {
                probe.Tell("slow started");
                await gate;
                probe.Tell("slow done");
            });
            Receive<string>(m => probe.Tell(m + " done"));
        }

        protected override void PostRestart(Exception reason) => _probe.Tell("restarted " + reason.Message);
    }

    private sealed class Moody : ReceiveActor
    {
        public Moody(IActorRef probe)
        {
            Receive<string>(s => s == "sad", _ => Become(() => Receive<string>(s =>
            {
                if (s == "cheer up")
                    Context.Unbecome();
                else
                    probe.Tell("sad " + s);
            })));
            Receive<string>(s => probe.Tell("happy " + s));
        }
    }

    private sealed class Stacker(IActorRef probe) : ActorBase
    {
        protected override void OnReceive(object message)
        {
            if (message is "push")
                Context.Become(m => { if (m is "pop") Context.Unbecome(); else probe.Tell("pushed " + m); }, discardOld: false);
            else
                probe.Tell("base " + message);
        }
    }

    private sealed class Stasher : ReceiveActor
    {
        public Stasher(IActorRef probe)
        {
            Receive<string>(s => s == "open", _ => { Become(Forwarding); Stash.UnstashAll(); });
            Receive<string>(s => s == "one", _ => { Become(Forwarding); Stash.Unstash(); });
            Receive<string>(_ => Stash.Stash());

            void Forwarding()
            {
                Receive<string>(s => s == "count", _ => probe.Tell($"stashed={Stash.Count}"));
                Receive<string>(s => probe.Tell(s));
            }
        }
    }
}
