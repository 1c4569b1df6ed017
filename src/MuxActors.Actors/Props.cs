namespace MuxActors.Actors;

/// <summary>A recipe for creating an actor: used at first start and again on every restart.</summary>
public sealed class Props
{
    private Props(Type actorType, Func<ActorBase> factory)
    {
        ActorType = actorType;
        Factory = factory;
    }

    /// <summary>The type of actor the recipe creates.</summary>
    public Type ActorType { get; }

    internal Func<ActorBase> Factory { get; }

    /// <summary>Props for an actor with a parameterless constructor.</summary>
    public static Props Create<T>() where T : ActorBase, new() => new(typeof(T), static () => new T());

    /// <summary>
    /// Props from a factory. The factory runs on every (re)start, so it must create a new instance each time;
    /// capture only immutable arguments.
    /// </summary>
    public static Props Create<T>(Func<T> factory) where T : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new(typeof(T), factory);
    }
}
