using MuxActors.TestKit;

namespace MuxActors.Actors.Tests;

/// <summary>Forwards everything it receives to a probe.</summary>
internal sealed class Forwarder(IActorRef target) : ActorBase
{
    protected override void OnReceive(object message) => target.Tell(message, Sender);
}

/// <summary>Replies to every string with the same string.</summary>
internal sealed class Echo : ReceiveActor
{
    public Echo() => Receive<string>(s => Sender?.Tell(s, Self));
}

/// <summary>Records lifecycle hooks on a probe, keeps a counter as state, throws on demand.</summary>
internal sealed class Lifecycle : ReceiveActor
{
    private readonly IActorRef _probe;
    private int _count;

    public Lifecycle(IActorRef probe, string id = "")
    {
        _probe = probe;
        Receive<string>(s => s == "count", _ => _probe.Tell($"{id}count={_count}"));
        Receive<string>(s => s.StartsWith("fail", StringComparison.Ordinal), s => throw new InvalidOperationException(s));
        Receive<string>(s => s == "init-fail", _ => throw new ActorInitializationException("bad"));
        Receive<string>(s => { _count++; _probe.Tell($"{id}got {s}"); });
        Receive<Props>(p => Sender?.Tell(Context.ActorOf(p, "child")));
    }

    protected override void PreStart() => _probe.Tell("prestart");

    protected override void PostStop() => _probe.Tell("poststop");

    protected override void PreRestart(Exception reason, object? message)
    {
        _probe.Tell($"prerestart {reason.Message} {message}");
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        _probe.Tell($"postrestart {reason.Message}");
        base.PostRestart(reason);
    }
}

/// <summary>A parent with a chosen strategy; replies to a <see cref="Props"/> with a new child named "child".</summary>
internal sealed class Parent : ReceiveActor
{
    private readonly SupervisorStrategy _strategy;

    public Parent(SupervisorStrategy strategy, IActorRef? probe = null)
    {
        _strategy = strategy;
        Receive<Props>(p => Sender?.Tell(Context.ActorOf(p, "child")));
        Receive<string>(s => s == "fail", s => throw new InvalidOperationException("parent " + s));
        Receive<string>(s => probe?.Tell("parent got " + s));
    }

    protected override SupervisorStrategy SupervisorStrategy() => _strategy;
}

internal static class ProbeExtensions
{
    /// <summary>Asks <paramref name="parent"/> to create a child from <paramref name="props"/> and returns it.</summary>
    public static async Task<IActorRef> SpawnChild(this TestProbe probe, IActorRef parent, Props props)
    {
        probe.Send(parent, props);
        return await probe.ExpectMsgAsync<IActorRef>();
    }
}

/// <summary>How many handlers of one actor ran at once, at most.</summary>
internal sealed class Concurrency
{
    public int Current;
    public int MaxSeen;
}

/// <summary>Counts messages and records overlapping handlers; replies to "done?" with the count.</summary>
internal sealed class ConcurrencyCheck(Concurrency state) : ActorBase
{
    private int _processed;

    protected override void OnReceive(object message)
    {
        var now = Interlocked.Increment(ref state.Current);
        if (now > state.MaxSeen)
            state.MaxSeen = now;
        if (message is "done?")
            Sender?.Tell(_processed);
        else
            _processed++;
        Interlocked.Decrement(ref state.Current);
    }
}
