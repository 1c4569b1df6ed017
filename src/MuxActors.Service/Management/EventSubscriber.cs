using System.Threading.Channels;
using Akka.Actor;
using MuxActors.Core.Mux;

namespace MuxActors.Service.Management;

/// <summary>
/// Subscribed to the event stream for one <c>/v1/events</c> client: passes the mux events it wants to the request's
/// channel, which drops the oldest when the client reads too slowly, so a slow client never holds the actor up.
/// </summary>
internal sealed class EventSubscriber : ReceiveActor
{
    public EventSubscriber(ChannelWriter<MuxEvent> events, string? mux)
    {
        Receive<MuxEvent>(e =>
        {
            if (mux is null || e.Mux == mux)
                events.TryWrite(e);
        });
    }

    /// <summary>Props for a subscriber writing the events of <paramref name="mux"/> (all muxes when null) to <paramref name="events"/>.</summary>
    public static Props Props(ChannelWriter<MuxEvent> events, string? mux) =>
        Akka.Actor.Props.Create(() => new EventSubscriber(events, mux));

    /// <inheritdoc />
    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(MuxEvent));

    /// <inheritdoc />
    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
