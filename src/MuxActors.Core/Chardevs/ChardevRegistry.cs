namespace MuxActors.Core.Chardevs;

/// <summary>The chardev kinds known to a service, by type name.</summary>
public sealed class ChardevRegistry
{
    private readonly Dictionary<string, IChardevKind> _kinds = new(StringComparer.Ordinal);

    /// <summary>Creates a registry with the given kinds.</summary>
    public ChardevRegistry(IEnumerable<IChardevKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        foreach (var kind in kinds)
            Add(kind);
    }

    /// <summary>The registered type names, sorted.</summary>
    public IReadOnlyList<string> Types => [.. _kinds.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Registers a kind; a type can be registered once.</summary>
    public void Add(IChardevKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (!_kinds.TryAdd(kind.Type, kind))
            throw new InvalidOperationException($"Chardev type '{kind.Type}' is registered twice.");
    }

    /// <summary>The kind for <paramref name="type"/>, or <c>null</c>.</summary>
    public IChardevKind? Find(string type) => _kinds.GetValueOrDefault(type);
}
