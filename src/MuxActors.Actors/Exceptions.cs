namespace MuxActors.Actors;

/// <summary>An actor name was empty, reserved, already taken or contained an illegal character.</summary>
public sealed class InvalidActorNameException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidActorNameException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public InvalidActorNameException() { }

    /// <summary>Creates the exception.</summary>
    public InvalidActorNameException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>An actor's constructor, <c>PreStart</c> or <c>PostRestart</c> threw. The default supervisor stops such an actor.</summary>
public sealed class ActorInitializationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ActorInitializationException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception.</summary>
    public ActorInitializationException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public ActorInitializationException() { }
}

/// <summary>Thrown inside an actor that received <see cref="Kill"/>.</summary>
public sealed class ActorKilledException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ActorKilledException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public ActorKilledException() { }

    /// <summary>Creates the exception.</summary>
    public ActorKilledException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>An actor received a <see cref="Terminated"/> it did not handle: it watched an actor and has no plan for its death.</summary>
public sealed class DeathPactException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeathPactException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public DeathPactException() { }

    /// <summary>Creates the exception.</summary>
    public DeathPactException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>An <c>Ask</c> got no reply in time. The message names the target's path.</summary>
public sealed class AskTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public AskTimeoutException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public AskTimeoutException() { }

    /// <summary>Creates the exception.</summary>
    public AskTimeoutException(string message, Exception inner) : base(message, inner) { }
}
