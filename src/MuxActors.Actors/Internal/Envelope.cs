namespace MuxActors.Actors.Internal;

/// <summary>A user message with its sender, as queued in a mailbox.</summary>
internal readonly record struct Envelope(object Message, IActorRef? Sender);

/// <summary>A timer's tick; delivered only if the timer's generation is still current.</summary>
internal sealed record TimerTick(object Key, long Generation);
