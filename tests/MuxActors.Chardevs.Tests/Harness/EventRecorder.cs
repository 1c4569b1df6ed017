using Akka.Actor;
using MuxActors.TestSupport;

namespace MuxActors.Chardevs.Tests.Harness;

/// <summary>
/// Records every event of the subscribed types from an actor system's event stream and lets a test await a
/// condition over all of them (nothing is consumed, so waiting for one event never loses another).
/// </summary>
internal sealed class EventRecorder
{
    private readonly Lock _lock = new();
    private readonly List<object> _events = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public EventRecorder(ActorSystem system, params Type[] types)
    {
        ArgumentNullException.ThrowIfNull(system);
        var subscriber = system.ActorOf(Recorder.Props(this), "events");
        // EventStream.Subscribe takes effect at once: events published from here on queue in the recorder's mailbox.
        foreach (var type in types)
            system.EventStream.Subscribe(subscriber, type);
    }

    public IReadOnlyList<object> All
    {
        get { lock (_lock) return [.. _events]; }
    }

    public IReadOnlyList<T> Of<T>() => All.OfType<T>().ToArray();

    /// <summary>Waits until at least <paramref name="count"/> events of type <typeparamref name="T"/> match; returns the last of them.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null, int count = 1, string? what = null, TimeSpan? timeout = null)
    {
        using var deadline = Deadline.After(timeout);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
                var found = _events.OfType<T>().Where(e => match?.Invoke(e) ?? true).ToList();
                if (found.Count >= count)
                    return found[count - 1];
            }
            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new WaitFailedException(
                    $"Timed out waiting for {count} x {typeof(T).Name} {what}; recorded: [{string.Join(", ", All)}]");
            }
        }
    }

    private void Add(object message)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _events.Add(message);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    /// <summary>The subscriber: hands every event to its recorder.</summary>
    private sealed class Recorder : ReceiveActor
    {
        public Recorder(EventRecorder recorder) => ReceiveAny(recorder.Add);

        public static Props Props(EventRecorder recorder) => Akka.Actor.Props.Create(() => new Recorder(recorder));
    }
}
