using MuxActors.TestKit;

namespace MuxActors.Actors.Tests;

public sealed class SupervisionTests() : ActorTestKit(manualClock: true)
{
    private ManualTimeProvider Time => Clock!;

    [Fact]
    public async Task Restart_drops_the_failing_message_and_keeps_the_mailbox()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Lifecycle(probe.Ref, "")));
        await probe.ExpectMsgAsync("prestart");
        actor.Tell("one");
        actor.Tell("fail-now");
        actor.Tell("two");   // queued behind the failure: must survive the restart
        actor.Tell("count");
        await probe.ExpectMsgAsync("got one");
        await probe.ExpectMsgAsync("prerestart fail-now fail-now");
        await probe.ExpectMsgAsync("poststop");
        await probe.ExpectMsgAsync("postrestart fail-now");
        await probe.ExpectMsgAsync("prestart");
        await probe.ExpectMsgAsync("got two");
        await probe.ExpectMsgAsync("count=1"); // fresh state: only "two" counted, "fail-now" was not redelivered
    }

    [Fact]
    public async Task Resume_keeps_the_state()
    {
        var probe = CreateTestProbe();
        var parent = Sys.ActorOf(Props.Create(() => new Parent(new OneForOneStrategy(decider: _ => Directive.Resume), null)));
        var child = await probe.SpawnChild(parent, Props.Create(() => new Lifecycle(probe.Ref, "")));
        await probe.ExpectMsgAsync("prestart");
        child.Tell("a");
        child.Tell("fail");
        child.Tell("count");
        await probe.ExpectMsgAsync("got a");
        await probe.ExpectMsgAsync("count=1");
    }

    [Fact]
    public async Task Stop_directive_stops_the_child()
    {
        var probe = CreateTestProbe();
        var parent = Sys.ActorOf(Props.Create(() => new Parent(SupervisorStrategy.StoppingStrategy, null)));
        var child = await probe.SpawnChild(parent, Props.Create(() => new Lifecycle(probe.Ref, "")));
        await probe.ExpectMsgAsync("prestart");
        probe.Watch(child);
        child.Tell("fail");
        await probe.ExpectMsgAsync("poststop");
        await probe.ExpectTerminatedAsync(child);
    }

    [Fact]
    public async Task Restart_budget_exhaustion_stops_the_child()
    {
        var probe = CreateTestProbe();
        var strategy = new OneForOneStrategy(maxRetries: 2, window: TimeSpan.FromMinutes(1));
        var parent = Sys.ActorOf(Props.Create(() => new Parent(strategy, null)));
        var child = await probe.SpawnChild(parent, Props.Create(() => new Forwarder2(probe.Ref)));
        await probe.ExpectMsgAsync("started");
        probe.Watch(child);
        for (var i = 1; i <= 2; i++)
        {
            child.Tell("fail");
            await probe.ExpectMsgAsync("started");
        }
        child.Tell("fail"); // third failure within the window: over budget
        await probe.ExpectTerminatedAsync(child);
    }

    [Fact]
    public async Task Restart_budget_window_resets_after_it_passes()
    {
        var probe = CreateTestProbe();
        var strategy = new OneForOneStrategy(maxRetries: 1, window: TimeSpan.FromSeconds(10));
        var parent = Sys.ActorOf(Props.Create(() => new Parent(strategy, null)));
        var child = await probe.SpawnChild(parent, Props.Create(() => new Forwarder2(probe.Ref)));
        await probe.ExpectMsgAsync("started");
        probe.Watch(child);
        child.Tell("fail");
        await probe.ExpectMsgAsync("started");
        Time.Advance(TimeSpan.FromSeconds(11));
        child.Tell("fail"); // a new window: allowed again
        await probe.ExpectMsgAsync("started");
        child.Tell("fail"); // second in this window: over budget
        await probe.ExpectTerminatedAsync(child);
    }

    [Fact]
    public async Task Escalation_reaches_the_grandparent()
    {
        var probe = CreateTestProbe();
        var recorder = new OneForOneStrategy(decider: ex =>
        {
            probe.Ref.Tell("grandparent saw " + ex.Message);
            return Directive.Stop;
        });
        var grandparent = Sys.ActorOf(Props.Create(() => new Parent(recorder, null)));
        var parent = await probe.SpawnChild(grandparent,
            Props.Create(() => new Parent(new OneForOneStrategy(decider: _ => Directive.Escalate), null)));
        var child = await probe.SpawnChild(parent, Props.Create(() => new Forwarder2(probe.Ref)));
        await probe.ExpectMsgAsync("started");
        probe.Watch(parent);
        probe.Watch(child);
        child.Tell("fail");
        await probe.ExpectMsgAsync("grandparent saw child failed");
        var stopped = await probe.ReceiveNAsync(2);
        Assert.All(stopped, m => Assert.IsType<Terminated>(m));
    }

    [Fact]
    public async Task Initialization_failure_stops_the_actor_by_default()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new FailsToStart()));
        probe.Watch(actor);
        await probe.ExpectTerminatedAsync(actor);
    }

    [Fact]
    public async Task Kill_stops_and_poison_pill_stops_after_earlier_messages()
    {
        var probe = CreateTestProbe();
        var a = Sys.ActorOf(Props.Create(() => new Forwarder(probe.Ref)));
        probe.Watch(a);
        a.Tell("before");
        a.Tell(PoisonPill.Instance);
        a.Tell("after");
        await probe.ExpectMsgAsync("before");
        await probe.ExpectTerminatedAsync(a);
        var b = Sys.ActorOf(Props.Create(() => new Forwarder(probe.Ref)));
        probe.Watch(b);
        b.Tell(Kill.Instance);
        await probe.ExpectTerminatedAsync(b);
    }

    [Fact]
    public void Backoff_delays_follow_the_formula()
    {
        var options = new BackoffOptions(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), RandomFactor: 0.2);
        var expected = new[] { 100, 200, 400, 800, 1000, 1000 };
        for (var n = 0; n < expected.Length; n++)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(expected[n]), options.DelayFor(n, random: 0));
            Assert.Equal(TimeSpan.FromMilliseconds(expected[n] * 1.1), options.DelayFor(n, random: 0.5));
        }
        Assert.Equal(TimeSpan.FromSeconds(1.2), options.DelayFor(1000, random: 1));
    }

    [Fact]
    public async Task Backoff_restarts_follow_the_delay_sequence_on_the_manual_clock()
    {
        var probe = CreateTestProbe();
        var options = new BackoffOptions(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), RandomFactor: 0.2);
        var strategy = new BackoffSupervisorStrategy(options, random: () => 0.5);
        var parent = Sys.ActorOf(Props.Create(() => new Parent(strategy, null)));
        var child = await probe.SpawnChild(parent, Props.Create(() => new Forwarder2(probe.Ref)));
        await probe.ExpectMsgAsync("started");
        foreach (var ms in new[] { 110, 220, 440, 550, 550 })
        {
            child.Tell("fail");
            var delay = TimeSpan.FromMilliseconds(ms);
            await Time.WaitForAsync(c => c.PendingTimers.Contains(delay), what: $"a restart timer of {ms} ms");
            Time.Advance(delay - TimeSpan.FromMilliseconds(1));
            await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(30)); // not restarted early
            Time.Advance(TimeSpan.FromMilliseconds(1));
            await probe.ExpectMsgAsync("started");
        }
    }

    [Fact]
    public async Task Backoff_keeps_messages_sent_during_the_delay()
    {
        var probe = CreateTestProbe();
        var strategy = new BackoffSupervisorStrategy(new BackoffOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 0));
        var parent = Sys.ActorOf(Props.Create(() => new Parent(strategy, null)));
        var child = await probe.SpawnChild(parent, Props.Create(() => new Forwarder2(probe.Ref)));
        await probe.ExpectMsgAsync("started");
        child.Tell("fail");
        child.Tell("kept");
        await Time.WaitForAsync(c => c.PendingTimers.Count > 0, what: "the restart timer");
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(30));
        Time.Advance(TimeSpan.FromSeconds(1));
        await probe.ExpectMsgAsync("started");
        await probe.ExpectMsgAsync("kept");
    }

    [Fact]
    public async Task Backoff_resets_after_a_stable_period()
    {
        var probe = CreateTestProbe();
        var options = new BackoffOptions(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), 0, ResetAfter: TimeSpan.FromSeconds(30));
        var parent = Sys.ActorOf(Props.Create(() => new Parent(new BackoffSupervisorStrategy(options), null)));
        var child = await probe.SpawnChild(parent, Props.Create(() => new Forwarder2(probe.Ref)));
        await probe.ExpectMsgAsync("started");
        foreach (var ms in new[] { 100, 200 })
        {
            child.Tell("fail");
            await Time.WaitForAsync(c => c.PendingTimers.Contains(TimeSpan.FromMilliseconds(ms)), what: $"{ms} ms timer");
            Time.Advance(TimeSpan.FromMilliseconds(ms));
            await probe.ExpectMsgAsync("started");
        }
        Time.Advance(TimeSpan.FromSeconds(31)); // stable long enough
        child.Tell("fail");
        await Time.WaitForAsync(c => c.PendingTimers.Contains(TimeSpan.FromMilliseconds(100)), what: "back to the first delay");
    }

    [Fact]
    public async Task Backoff_with_a_retry_limit_stops_the_child()
    {
        var probe = CreateTestProbe();
        var strategy = new BackoffSupervisorStrategy(new BackoffOptions(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10), 0), maxRetries: 1);
        var parent = Sys.ActorOf(Props.Create(() => new Parent(strategy, null)));
        var child = await probe.SpawnChild(parent, Props.Create(() => new Forwarder2(probe.Ref)));
        await probe.ExpectMsgAsync("started");
        probe.Watch(child);
        child.Tell("fail");
        await Time.WaitForAsync(c => c.PendingTimers.Count > 0);
        Time.Advance(TimeSpan.FromMilliseconds(10));
        await probe.ExpectMsgAsync("started");
        child.Tell("fail");
        await probe.ExpectTerminatedAsync(child);
    }

    [Fact]
    public void Backoff_options_are_validated()
    {
        Assert.Throws<ArgumentException>(() => new BackoffOptions(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)).Validate());
        Assert.Throws<ArgumentException>(() => new BackoffOptions(TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1)).Validate());
        Assert.Throws<ArgumentException>(() => new BackoffOptions(TimeSpan.Zero, TimeSpan.FromSeconds(1), double.NaN).Validate());
    }

    /// <summary>Says "started" on every (re)start and fails on "fail"; forwards anything else.</summary>
    private sealed class Forwarder2 : ReceiveActor
    {
        private readonly IActorRef _probe;

        public Forwarder2(IActorRef probe)
        {
            _probe = probe;
            Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("child failed"));
            ReceiveAny(m => probe.Tell(m));
        }

        protected override void PreStart() => _probe.Tell("started");
    }

    private sealed class FailsToStart : ActorBase
    {
        public FailsToStart() => throw new InvalidOperationException("constructor");

        protected override void OnReceive(object message) { }
    }
}
