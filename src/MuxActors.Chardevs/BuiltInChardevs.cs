using MuxActors.Core.Chardevs;

namespace MuxActors.Chardevs;

/// <summary>The chardev kinds shipped with MuxActors.</summary>
public static class BuiltInChardevs
{
    /// <summary>A registry with every built-in kind: each public, non-abstract <see cref="IChardevKind"/> in this assembly.</summary>
    public static ChardevRegistry CreateRegistry() => new(
        typeof(BuiltInChardevs).Assembly.GetExportedTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && typeof(IChardevKind).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IChardevKind)Activator.CreateInstance(t)!));
}
