using Akka.Actor;
using MuxActors.Chardevs.Terminal;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Pty;

/// <summary>
/// <c>type = pty</c>: a pseudo-terminal in raw mode whose slave is published as a stable symlink
/// (<c>link = "/run/muxactors/vm1.pty"</c>) for terminal programs such as tio, screen or minicom. The port is open
/// only while a program has the slave open; when the last one closes it, the pty is recreated and the link
/// re-pointed, so the path stays the same. As a frontend, whatever program opens the link is the console.
/// </summary>
public sealed class PtyChardev : IChardevKind
{
    /// <summary>The key of the symlink path (optional; without it the slave's /dev/pts path is only logged).</summary>
    public const string LinkKey = "link";

    /// <inheritdoc />
    public string Type => "pty";


    /// <inheritdoc />

    public IReadOnlyCollection<string> OptionKeys { get; } = ["link"];

    /// <inheritdoc />
    public bool CanBeFrontend => true;

    /// <inheritdoc />
    public bool CanBeBackend => true;

    /// <summary>Look for readers by polling the master every 100 ms instead of with inotify (the fallback; tests use it).</summary>
    internal bool ForcePolling { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(ChardevSpec spec, PortRole role)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Link(spec) is { } link ? [$"path:{link}"] : [];
    }

    /// <inheritdoc />
    public Props CreateProps(ChardevSpec spec, PortContext context)
    {
        var link = Link(spec);
        var polling = ForcePolling;
        return Props.Create(() => new PtyPortActor(spec, context, link, polling));
    }

    /// <inheritdoc />
    public string? AttachHint(ChardevSpec spec) =>
        Link(spec) is { } link ? $"open {link} with a terminal program, for example: tio {link}" : null;

    private static string? Link(ChardevSpec spec) => OptionReader.OptionalPath(spec, LinkKey);
}
