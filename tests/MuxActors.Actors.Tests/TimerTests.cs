using MuxActors.TestKit;

namespace MuxActors.Actors.Tests;

public sealed class TimerTests() : ActorTestKit(manualClock: true)
{
    private ManualTimeProvider Time => Clock!;

    [Fact]
    public async Task Single_timer_fires_once_after_its_delay()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new TimedActor(probe.Ref)));
        actor.Tell(new StartSingle("k", "tick", TimeSpan.FromSeconds(1)));
        await probe.ExpectMsgAsync("started");
        Time.Advance(TimeSpan.FromMilliseconds(999));
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(30));
        Time.Advance(TimeSpan.FromMilliseconds(1));
        await probe.ExpectMsgAsync("tick");
        Time.Advance(TimeSpan.FromSeconds(5));
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(30));
        Assert.False(await actor.Ask<bool>("active?", TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Periodic_timer_fires_every_interval_until_cancelled()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new TimedActor(probe.Ref)));
        actor.Tell(new StartPeriodic("p", "beat", TimeSpan.FromSeconds(1)));
        await probe.ExpectMsgAsync("started");
        for (var i = 0; i < 3; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await probe.ExpectMsgAsync("beat");
        }
        actor.Tell("cancel p");
        await probe.ExpectMsgAsync("cancelled");
        Time.Advance(TimeSpan.FromSeconds(3));
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(30));
    }

    [Fact]
    public async Task A_cancelled_timer_never_delivers_a_tick_already_queued()
    {
        var probe = CreateTestProbe();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new TimedActor(probe.Ref, gate.Task)));
        actor.Tell(new StartSingle("k", "stale", TimeSpan.FromSeconds(1)));
        await probe.ExpectMsgAsync("started");
        actor.Tell("block-then-cancel k");
        await probe.ExpectMsgAsync("blocked");
        Time.Advance(TimeSpan.FromSeconds(1)); // the tick is queued behind the blocked handler
        gate.SetResult();                     // the handler then cancels the timer
        await probe.ExpectMsgAsync("cancelled");
        await probe.ExpectNoMsgAsync();
    }

    [Fact]
    public async Task A_replaced_timer_delivers_only_the_new_message()
    {
        var probe = CreateTestProbe();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new TimedActor(probe.Ref, gate.Task)));
        actor.Tell(new StartSingle("k", "old", TimeSpan.FromSeconds(1)));
        await probe.ExpectMsgAsync("started");
        actor.Tell("block-then-replace k");
        await probe.ExpectMsgAsync("blocked");
        Time.Advance(TimeSpan.FromSeconds(1)); // "old" tick queued
        gate.SetResult();                     // replaced by "new" with a 1 s delay
        await probe.ExpectMsgAsync("replaced");
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
        Time.Advance(TimeSpan.FromSeconds(1));
        await probe.ExpectMsgAsync("new");
    }

    [Fact]
    public async Task Timers_are_cancelled_when_the_actor_stops()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new TimedActor(probe.Ref)));
        actor.Tell(new StartPeriodic("p", "beat", TimeSpan.FromSeconds(1)));
        await probe.ExpectMsgAsync("started");
        probe.Watch(actor);
        Sys.Stop(actor);
        await probe.ExpectTerminatedAsync(actor);
        await Time.WaitForAsync(c => c.PendingTimers.Count == 0, what: "no timer left");
    }

    private sealed record StartSingle(string Key, string Message, TimeSpan Delay);

    private sealed record StartPeriodic(string Key, string Message, TimeSpan Interval);

    private sealed class TimedActor : ReceiveActor
    {
        public TimedActor(IActorRef probe, Task? gate = null)
        {
            Receive<StartSingle>(s => { Timers.StartSingleTimer(s.Key, s.Message, s.Delay); probe.Tell("started"); });
            Receive<StartPeriodic>(s => { Timers.StartPeriodicTimer(s.Key, s.Message, s.Interval); probe.Tell("started"); });
            Receive<string>(s => s == "active?", _ => Sender?.Tell(Timers.IsTimerActive("k")));
            Receive<string>(s => s.StartsWith("cancel ", StringComparison.Ordinal), s => { Timers.Cancel(s[7..]); probe.Tell("cancelled"); });
            ReceiveAsync<string>(s => s.StartsWith("block-then-", StringComparison.Ordinal), async s =>
            {
                probe.Tell("blocked");
                await gate!;
                if (s.Contains("cancel", StringComparison.Ordinal))
                {
                    Timers.Cancel("k");
                    probe.Tell("cancelled");
                }
                else
                {
                    Timers.StartSingleTimer("k", "new", TimeSpan.FromSeconds(1));
                    probe.Tell("replaced");
                }
            });
            Receive<string>(s => probe.Tell(s));
        }
    }
}
