namespace MuxActors.Actors.Internal;

/// <summary>Kernel messages; processed before any user message.</summary>
internal abstract record SystemMessage;

internal sealed record Create : SystemMessage
{
    public static readonly Create Instance = new();
}

internal sealed record Terminate : SystemMessage
{
    public static readonly Terminate Instance = new();
}

internal sealed record Resume : SystemMessage
{
    public static readonly Resume Instance = new();
}

/// <summary>Restart the actor (new instance, same mailbox) because of <paramref name="Cause"/>.</summary>
internal sealed record Recreate(Exception Cause) : SystemMessage;

/// <summary>A child failed; it is suspended until its parent decides.</summary>
internal sealed record Failed(InternalActorRef Child, Exception Cause) : SystemMessage;

internal sealed record Watch(InternalActorRef Watchee, InternalActorRef Watcher) : SystemMessage;

internal sealed record Unwatch(InternalActorRef Watchee, InternalActorRef Watcher) : SystemMessage;

/// <summary>The watched (or child) <paramref name="Actor"/> has stopped.</summary>
internal sealed record DeathWatchNotification(InternalActorRef Actor) : SystemMessage;
