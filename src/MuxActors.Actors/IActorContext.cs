using Microsoft.Extensions.Logging;

namespace MuxActors.Actors;

/// <summary>What an actor can see and do about itself while it processes a message.</summary>
public interface IActorContext
{
    /// <summary>This actor's own reference.</summary>
    IActorRef Self { get; }

    /// <summary>The sender of the message being processed, or <c>null</c>.</summary>
    IActorRef? Sender { get; }

    /// <summary>The parent (supervisor), or <c>null</c> for the root guardian.</summary>
    IActorRef? Parent { get; }

    /// <summary>The actor system.</summary>
    ActorSystem System { get; }

    /// <summary>A logger whose category is the actor's type.</summary>
    ILogger Log { get; }

    /// <summary>Keyed single and periodic timers that deliver messages to this actor.</summary>
    ITimerScheduler Timers { get; }

    /// <summary>Messages set aside to be processed later; see <see cref="IStash"/>.</summary>
    IStash Stash { get; }

    /// <summary>The live children (a snapshot; use <see cref="ChildCount"/> when only the number matters).</summary>
    IReadOnlyCollection<IActorRef> Children { get; }

    /// <summary>How many children are alive, without copying them.</summary>
    int ChildCount { get; }

    /// <summary>Creates a child actor supervised by this one.</summary>
    /// <param name="props">How to create it.</param>
    /// <param name="name">A name unique among the live children, or <c>null</c> to generate one.</param>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>The live child with that name, or <c>null</c>.</summary>
    IActorRef? Child(string name);

    /// <summary>Stops an actor (this one or a child) asynchronously: its children first, then it.</summary>
    void Stop(IActorRef actor);

    /// <summary>Delivers <see cref="Terminated"/> when <paramref name="subject"/> stops, even if it already has.</summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>Stops watching; a <see cref="Terminated"/> for it that is already queued is discarded.</summary>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>Replaces (or, with <paramref name="discardOld"/> false, pushes) the message handler.</summary>
    void Become(Action<object> behaviour, bool discardOld = true);

    /// <summary>Returns to the previous handler pushed with <see cref="Become"/>.</summary>
    void Unbecome();

    /// <summary>
    /// Runs an asynchronous piece of the current message's handling. The mailbox is suspended until the task
    /// completes, so no other message interleaves; if it faults, the current message counts as failed.
    /// </summary>
    void RunTask(Func<Task> action);
}

/// <summary>Keyed timers owned by one actor. Replacing or cancelling a timer guarantees its old ticks are never delivered.</summary>
public interface ITimerScheduler
{
    /// <summary>Delivers <paramref name="message"/> once after <paramref name="delay"/>, replacing any timer with the same key.</summary>
    void StartSingleTimer(object key, object message, TimeSpan delay);

    /// <summary>Delivers <paramref name="message"/> every <paramref name="interval"/>, replacing any timer with the same key.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    /// <summary>Delivers <paramref name="message"/> after <paramref name="initialDelay"/> and then every <paramref name="interval"/>.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    /// <summary>Whether a timer with this key is pending.</summary>
    bool IsTimerActive(object key);

    /// <summary>Cancels the timer with this key, if any.</summary>
    void Cancel(object key);

    /// <summary>Cancels every timer.</summary>
    void CancelAll();
}

/// <summary>Lets an actor set the current message aside and replay it later, in order, ahead of newer messages.</summary>
public interface IStash
{
    /// <summary>Sets the message being processed aside.</summary>
    void Stash();

    /// <summary>Puts the oldest stashed message back at the front of the mailbox.</summary>
    void Unstash();

    /// <summary>Puts every stashed message back at the front of the mailbox, in the order they were stashed.</summary>
    void UnstashAll();

    /// <summary>How many messages are stashed.</summary>
    int Count { get; }
}
