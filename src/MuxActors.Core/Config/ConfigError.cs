using MuxActors.Hocon;

namespace MuxActors.Core.Config;

/// <summary>One problem in a configuration, with where it is.</summary>
/// <param name="Message">What is wrong, in QEMU's wording where QEMU has one.</param>
/// <param name="Origin">file:line:col, when known.</param>
/// <param name="KeyPath">The key path concerned, when there is one.</param>
public sealed record ConfigError(string Message, HoconOrigin? Origin, string? KeyPath)
{
    /// <summary>Creates an error from a <see cref="HoconException"/>.</summary>
    public static ConfigError From(HoconException ex) => new(ex.Reason, ex.Origin, ex.Path);

    /// <inheritdoc />
    public override string ToString()
    {
        // Line 0: a place with no lines, such as a --chardev argument; its name is the whole position.
        var where = Origin is null ? "" : Origin.Line == 0 ? $"{Origin.File}: " : $"{Origin}: ";
        var path = string.IsNullOrEmpty(KeyPath) || Message.Contains(KeyPath, StringComparison.Ordinal) ? "" : $" (at {KeyPath})";
        return where + Message + path;
    }
}

/// <summary>A configuration was rejected; <see cref="Errors"/> lists every problem found.</summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(string.Join(Environment.NewLine, errors)) => Errors = errors;

    /// <summary>Creates the exception.</summary>
    public ConfigException() : this([]) { }

    /// <summary>Creates the exception.</summary>
    public ConfigException(string message) : this([new ConfigError(message, null, null)]) { }

    /// <summary>Creates the exception.</summary>
    public ConfigException(string message, Exception inner) : base(message, inner) => Errors = [new ConfigError(message, null, null)];

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }
}
