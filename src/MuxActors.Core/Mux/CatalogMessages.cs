using MuxActors.Core.Chardevs;

namespace MuxActors.Core.Mux;

/// <summary>Add a chardev at run time, attached to mux <paramref name="MuxBeId"/> or unattached; replies <see cref="MuxCommandResult"/>.</summary>
public sealed record AddChardev(ChardevSpec Spec, string? MuxBeId);

/// <summary>Remove an unattached chardev; replies <see cref="MuxCommandResult"/> (busy while it is a mux member).</summary>
public sealed record RemoveChardev(string Id);

/// <summary>Detach backend <paramref name="Id"/> (its id within the mux) from <paramref name="Mux"/>; the chardev stays defined, unattached.</summary>
public sealed record DetachBackend(string Mux, string Id);

/// <summary>Start a mux at run time; replies <see cref="MuxCommandResult"/>.</summary>
public sealed record AddMux(MuxDefinition Definition);

/// <summary>Stop and forget a mux; refused while its console is connected unless <paramref name="Force"/>.</summary>
public sealed record RemoveMux(string Name, bool Force);

/// <summary>Ask for every known chardev; replies <see cref="ChardevList"/>.</summary>
public sealed record ListChardevs
{
    /// <summary>The single instance.</summary>
    public static ListChardevs Instance { get; } = new();
}

/// <summary>A known chardev: its global id (inline backends are <c>mux.id</c>), type and the mux it belongs to.</summary>
public sealed record ChardevEntry(string Id, string Type, string? Mux, string LocalId, string Role);

/// <summary>Every known chardev.</summary>
public sealed record ChardevList(IReadOnlyList<ChardevEntry> Chardevs);
