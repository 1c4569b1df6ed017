using Akka.Actor;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Sinks;

/// <summary>
/// <c>file</c>: a backend that writes the console's output to a file, from start-up on, whether or not any client
/// is attached. Options: <c>path</c> (relative to the configuration file; missing directories are created),
/// <c>append</c> (default on; off truncates at start-up), <c>timestamps</c> (default off; on prefixes each line with
/// <c>[yyyy-MM-dd HH:mm:ss.fff] </c> local time), <c>flush-interval</c> (default 1s; the file is also flushed at stop).
/// </summary>
public sealed class FileKind : IChardevKind
{
    /// <inheritdoc />
    public string Type => "file";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OptionKeys { get; } = ["path", "append", "timestamps", "flush-interval"];

    /// <inheritdoc />
    public bool CanBeFrontend => false;

    /// <inheritdoc />
    public bool CanBeBackend => true;

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(ChardevSpec spec, PortRole role)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return ["file:" + FileSinkOptions.Read(spec).Path];
    }

    /// <inheritdoc />
    public Props CreateProps(ChardevSpec spec, PortContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var options = FileSinkOptions.Read(spec);
        return Props.Create(() => new FileActor(spec, context, options));
    }

    /// <inheritdoc />
    public string? AttachHint(ChardevSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return $"tail -f {FileSinkOptions.Read(spec).Path}";
    }
}
