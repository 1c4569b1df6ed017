using System.Collections.Concurrent;
using MuxActors.TestKit;

namespace MuxActors.Actors.Tests;

public sealed class LifecycleTests : ActorTestKit
{
    [Fact]
    public async Task Stopping_is_recursive_children_first()
    {
        var order = new ConcurrentQueue<string>();
        var probe = CreateTestProbe();
        var root = Sys.ActorOf(Props.Create(() => new Tree(order, 2, "muxes")), "muxes");
        probe.Watch(root);
        Assert.Equal(7, await root.Ask<int>("count", TimeSpan.FromSeconds(5)));
        Sys.Stop(root);
        await probe.ExpectTerminatedAsync(root);
        var stops = order.ToList();
        Assert.Equal(7, stops.Count);
        foreach (var path in stops)
        {
            // Every descendant of 'path' stopped before it.
            var index = stops.IndexOf(path);
            Assert.All(stops.Where(p => p.StartsWith(path + "/", StringComparison.Ordinal)), d => Assert.True(stops.IndexOf(d) < index, $"{d} should stop before {path}"));
        }
        Assert.Equal("/user/muxes", stops[^1]);
    }

    [Fact]
    public async Task Children_are_listed_and_found_by_name()
    {
        var probe = CreateTestProbe();
        var parent = Sys.ActorOf(Props.Create(() => new Parent(SupervisorStrategy.Default, null)));
        var child = await probe.SpawnChild(parent, Props.Create<Echo>());
        var introspect = Sys.ActorOf(Props.Create(() => new Introspector()));
        Assert.Equal("/user/$1/child", child.Path.ToString().Replace(parent.Path.ToString(), "/user/$1", StringComparison.Ordinal));
        Assert.Equal(2, await introspect.Ask<int>("spawn2", TimeSpan.FromSeconds(5)));
        Assert.True(await introspect.Ask<bool>("find a", TimeSpan.FromSeconds(5)));
        Assert.False(await introspect.Ask<bool>("find zz", TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Terminating_the_system_stops_every_actor()
    {
        var order = new ConcurrentQueue<string>();
        Sys.ActorOf(Props.Create(() => new Tree(order, 1, "a")), "a");
        Sys.ActorOf(Props.Create(() => new Tree(order, 1, "b")), "b");
        await Sys.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(6, order.Count);
        Assert.True(Sys.WhenTerminated.IsCompleted);
    }

    [Fact]
    public async Task Watching_delivers_terminated()
    {
        var probe = CreateTestProbe();
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(probe.Ref)));
        var target = Sys.ActorOf(Props.Create<Echo>(), "target");
        watcher.Tell(("watch", target));
        await probe.ExpectMsgAsync("watching");
        Sys.Stop(target);
        var t = await probe.ExpectMsgAsync<Terminated>();
        Assert.Equal(target, t.Actor);
    }

    [Fact]
    public async Task Watching_an_already_dead_actor_still_yields_terminated()
    {
        var probe = CreateTestProbe();
        var target = Sys.ActorOf(Props.Create<Echo>());
        probe.Watch(target);
        Sys.Stop(target);
        await probe.ExpectTerminatedAsync(target);

        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(probe.Ref)));
        watcher.Tell(("watch", target));
        await probe.ExpectMsgAsync("watching");
        Assert.Equal(target, (await probe.ExpectMsgAsync<Terminated>()).Actor);

        var late = CreateTestProbe();
        late.Watch(target);
        await late.ExpectTerminatedAsync(target);
    }

    [Fact]
    public async Task Unwatch_before_death_means_no_terminated()
    {
        var probe = CreateTestProbe();
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(probe.Ref)));
        var target = Sys.ActorOf(Props.Create<Echo>());
        watcher.Tell(("watch", target));
        watcher.Tell(("unwatch", target));
        await probe.ExpectMsgAsync("watching");
        await probe.ExpectMsgAsync("unwatched");
        Sys.Stop(target);
        watcher.Tell("ping");
        await probe.ExpectMsgAsync("pong");
        await probe.ExpectNoMsgAsync();
    }

    [Fact]
    public async Task Unwatch_removes_a_terminated_already_queued()
    {
        var probe = CreateTestProbe();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(probe.Ref, gate.Task)));
        var target = Sys.ActorOf(Props.Create<Echo>());
        var observer = CreateTestProbe();
        observer.Watch(target);
        watcher.Tell(("watch", target));
        await probe.ExpectMsgAsync("watching");
        watcher.Tell("block");
        await probe.ExpectMsgAsync("blocked");
        Sys.Stop(target);
        await observer.ExpectTerminatedAsync(target); // the notification is now waiting for the watcher
        watcher.Tell(("unwatch", target));
        watcher.Tell("ping");
        gate.SetResult(); // Terminated is queued now, behind "unwatch"
        await probe.ExpectMsgAsync("unblocked");
        await probe.ExpectMsgAsync("unwatched");
        await probe.ExpectMsgAsync("pong");
        await probe.ExpectNoMsgAsync();
    }

    [Fact]
    public async Task An_unhandled_terminated_is_a_death_pact()
    {
        var probe = CreateTestProbe();
        var target = Sys.ActorOf(Props.Create<Echo>());
        var pact = Sys.ActorOf(Props.Create(() => new DeathPact(target)));
        probe.Watch(pact);
        Assert.Equal("watching", await pact.Ask<string>("ready?", TimeSpan.FromSeconds(5)));
        Sys.Stop(target);
        await probe.ExpectTerminatedAsync(pact);
    }

    [Fact]
    public async Task Messages_to_a_stopped_actor_become_logged_dead_letters()
    {
        using var logs = new CapturingLoggerProvider();
        var system = ActorSystem.Create("dl", new ActorSystemOptions { LoggerFactory = logs });
        try
        {
            var probe = new TestProbe(system);
            system.EventStream.Subscribe(probe.Ref, typeof(DeadLetter));
            var target = system.ActorOf(Props.Create<Echo>(), "gone");
            probe.Watch(target);
            system.Stop(target);
            await probe.ExpectTerminatedAsync(target);
            var sender = new TestProbe(system, "sender");
            target.Tell(new Ping(7), sender.Ref);
            var dead = await probe.ExpectMsgAsync<DeadLetter>();
            Assert.Equal(new Ping(7), dead.Message);
            Assert.Same(sender.Ref, dead.Sender);
            Assert.Equal(target, dead.Recipient);
            var line = Assert.Single(logs.Lines, l => l.Contains("Dead letter", StringComparison.Ordinal));
            Assert.Contains("Ping", line, StringComparison.Ordinal);
            Assert.Contains("/user/gone", line, StringComparison.Ordinal);
            Assert.Contains("/temp/sender", line, StringComparison.Ordinal);
            Assert.Equal(1, system.DeadLetterCount);
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task Messages_left_in_the_mailbox_of_a_stopping_actor_become_dead_letters()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(DeadLetter));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(probe.Ref, gate.Task)));
        watcher.Tell("block");
        await probe.ExpectMsgAsync("blocked");
        watcher.Tell(new Ping(1));
        watcher.Tell(new Ping(2));
        Sys.Stop(watcher);
        gate.SetResult();
        await probe.ExpectMsgAsync("unblocked");
        Assert.Equal(new Ping(1), (await probe.ExpectMsgAsync<DeadLetter>()).Message);
        Assert.Equal(new Ping(2), (await probe.ExpectMsgAsync<DeadLetter>()).Message);
    }

    [Fact]
    public async Task Suppressed_dead_letters_are_published_but_not_logged()
    {
        using var logs = new CapturingLoggerProvider();
        var system = ActorSystem.Create("quiet", new ActorSystemOptions { LoggerFactory = logs });
        try
        {
            var probe = new TestProbe(system);
            system.EventStream.Subscribe(probe.Ref, typeof(DeadLetter));
            var target = system.ActorOf(Props.Create<Echo>());
            probe.Watch(target);
            system.Stop(target);
            await probe.ExpectTerminatedAsync(target);
            target.Tell(new Chatter());
            Assert.IsType<Chatter>((await probe.ExpectMsgAsync<DeadLetter>()).Message);
            Assert.DoesNotContain(logs.Lines, l => l.Contains("Dead letter", StringComparison.Ordinal));
        }
        finally
        {
            await system.Terminate();
        }
    }

    private sealed record Chatter : IDeadLetterSuppression;

    private sealed record Ping(int N);

    private sealed class Tree : ActorBase
    {
        private readonly ConcurrentQueue<string> _order;
        private readonly int _depth;

        public Tree(ConcurrentQueue<string> order, int depth, string _)
        {
            _order = order;
            _depth = depth;
        }

        protected override void PreStart()
        {
            if (_depth == 0)
                return;
            Context.ActorOf(Props.Create(() => new Tree(_order, _depth - 1, "")), "left");
            Context.ActorOf(Props.Create(() => new Tree(_order, _depth - 1, "")), "right");
        }

        protected override void OnReceive(object message)
        {
            if (message is "count")
            {
                if (_depth == 0)
                {
                    Sender?.Tell(1);
                    return;
                }
                var replyTo = Sender;
                var children = Context.Children.ToArray();
                Context.RunTask(async () =>
                {
                    var counts = await Task.WhenAll(children.Select(c => c.Ask<int>("count", TimeSpan.FromSeconds(5))));
                    replyTo?.Tell(1 + counts.Sum());
                });
            }
        }

        protected override void PostStop() => _order.Enqueue(Self.Path.ToString());
    }

    private sealed class Introspector : ActorBase
    {
        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case "spawn2":
                    Context.ActorOf(Props.Create<Echo>(), "a");
                    Context.ActorOf(Props.Create<Echo>(), "b");
                    Sender?.Tell(Context.Children.Count);
                    break;
                case string s when s.StartsWith("find ", StringComparison.Ordinal):
                    Sender?.Tell(Context.Child(s[5..]) is not null);
                    break;
            }
        }
    }

    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef probe, Task? gate = null)
        {
            Receive<(string Op, IActorRef Target)>(m => m.Op == "watch", m => { Context.Watch(m.Target); probe.Tell("watching"); });
            Receive<(string Op, IActorRef Target)>(m => m.Op == "unwatch", m => { Context.Unwatch(m.Target); probe.Tell("unwatched"); });
            Receive<Terminated>(t => probe.Tell(t));
            Receive<string>(s => s == "ping", _ => probe.Tell("pong"));
            ReceiveAsync<string>(s => s == "block", async _ =>
            {
                probe.Tell("blocked");
                await gate!;
                probe.Tell("unblocked");
            });
        }
    }

    private sealed class DeathPact : ActorBase
    {
        public DeathPact(IActorRef target) => Context.Watch(target);

        protected override void OnReceive(object message)
        {
            if (message is "ready?")
                Sender?.Tell("watching");
            else
                Unhandled(message);
        }
    }
}
