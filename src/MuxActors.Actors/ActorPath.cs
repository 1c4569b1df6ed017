namespace MuxActors.Actors;

/// <summary>
/// The hierarchical, human-readable address of an actor, such as <c>/user/muxes/vm1/telnet</c>.
/// Paths are compared by value; the same path may be reused by a new actor after the old one stopped.
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    private readonly string _text;

    private ActorPath(ActorPath? parent, string name)
    {
        Parent = parent;
        Name = name;
        _text = parent is null ? "/" : parent.Parent is null ? "/" + name : parent._text + "/" + name;
    }

    /// <summary>The root path <c>/</c>.</summary>
    public static ActorPath Root { get; } = new(null, "");

    /// <summary>The parent path, or <c>null</c> for the root.</summary>
    public ActorPath? Parent { get; }

    /// <summary>The last element of the path (empty for the root).</summary>
    public string Name { get; }

    /// <summary>Returns the path of a child with the given name.</summary>
    public ActorPath Child(string name)
    {
        ActorNames.Validate(name);
        return new ActorPath(this, name);
    }

    /// <summary>Creates a path for a child name without validation (used for internal names such as <c>$1</c>).</summary>
    internal ActorPath ChildUnchecked(string name) => new(this, name);

    /// <inheritdoc />
    public override string ToString() => _text;

    /// <inheritdoc />
    public bool Equals(ActorPath? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ActorPath);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);
}

/// <summary>Rules for actor names.</summary>
public static class ActorNames
{
    /// <summary>Throws <see cref="InvalidActorNameException"/> when <paramref name="name"/> is not a valid actor name.</summary>
    public static void Validate(string name)
    {
        if (string.IsNullOrEmpty(name))
            throw new InvalidActorNameException("An actor name must not be empty.");
        if (name[0] == '$')
            throw new InvalidActorNameException($"Actor name '{name}' must not start with '$' (reserved for generated names).");
        foreach (var c in name)
        {
            if (c == '/' || char.IsWhiteSpace(c) || char.IsControl(c))
                throw new InvalidActorNameException($"Actor name '{name}' contains an illegal character ('/', white space or control).");
        }
    }
}
