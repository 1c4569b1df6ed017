namespace MuxActors.Actors;

/// <summary>
/// Publish/subscribe by message type within one actor system: dead letters, unhandled messages, and any event an
/// application publishes. Subscribers are actor references; a subscriber receives every event assignable to the
/// type it subscribed to.
/// </summary>
public sealed class EventStream
{
    private readonly Lock _lock = new();
    private (IActorRef Subscriber, Type Type)[] _subscriptions = [];

    /// <summary>Subscribes <paramref name="subscriber"/> to events of <paramref name="eventType"/> and its subtypes.</summary>
    public void Subscribe(IActorRef subscriber, Type eventType)
    {
        lock (_lock)
            _subscriptions = [.. _subscriptions, (subscriber, eventType)];
    }

    /// <summary>Removes every subscription of <paramref name="subscriber"/>.</summary>
    public void Unsubscribe(IActorRef subscriber)
    {
        lock (_lock)
            _subscriptions = _subscriptions.Where(s => !ReferenceEquals(s.Subscriber, subscriber)).ToArray();
    }

    /// <summary>Delivers <paramref name="event"/> to every matching subscriber.</summary>
    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var type = @event.GetType();
        foreach (var (subscriber, subscribed) in Volatile.Read(ref _subscriptions))
        {
            if (subscribed.IsAssignableFrom(type))
                subscriber.Tell(@event);
        }
    }
}
