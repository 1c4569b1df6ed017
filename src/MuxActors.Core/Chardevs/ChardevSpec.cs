using MuxActors.Core.Output;
using MuxActors.Hocon;

namespace MuxActors.Core.Chardevs;

/// <summary>A configured chardev: its id, type and the options of its kind, with where it was defined.</summary>
/// <param name="Id">Unique chardev id (for inline backends, the key under <c>backends</c>).</param>
/// <param name="Type">The kind: unix-server, tcp-client, file, pty, exec...</param>
/// <param name="Options">The chardev's configuration block (defaults already merged in).</param>
/// <param name="Origin">Where it was defined, for error messages.</param>
/// <param name="KeyPath">Its full key path in the configuration.</param>
public sealed record ChardevSpec(string Id, string Type, HoconConfig Options, HoconOrigin? Origin, string KeyPath)
{
    /// <summary>Output policy of a backend (<c>on-overflow</c>, <c>replay</c>, <c>mark-drops</c>, <c>stall-timeout</c>).</summary>
    public SinkOptions Sink { get; init; } = SinkOptions.Default;

    /// <summary>A read-only backend's input is read, counted and discarded.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>"file:line:col" of the definition, or the key path if unknown.</summary>
    public string Where => Origin is null ? KeyPath : $"{Origin} ({KeyPath})";

    /// <summary>Whether the configuration of this chardev equals another's (used to keep it running on reload).</summary>
    public bool SameSettingsAs(ChardevSpec other) =>
        other is not null && Id == other.Id && Type == other.Type && Sink == other.Sink && ReadOnly == other.ReadOnly
        && Options.Root.ToString() == other.Options.Root.ToString();
}
