using Akka.Actor;

namespace MuxActors.Core.Chardevs;

/// <summary>Mux and chardev ids become actor names, so they follow Akka's rule for path elements.</summary>
public static class ActorNames
{
    /// <summary>Why <paramref name="name"/> can't be an actor name, or null when it can.</summary>
    public static string? Problem(string name) =>
        ActorPath.IsValidPathElement(name)
            ? null
            : "it must not be empty or start with '$', and may hold only ASCII letters, digits and "
              + ActorPath.ValidSymbols.Replace("$", "", StringComparison.Ordinal);
}
