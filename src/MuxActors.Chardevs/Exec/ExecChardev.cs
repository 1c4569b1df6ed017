using Akka.Actor;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Exec;

/// <summary>
/// <c>type = exec</c>: runs <c>command = [argv...]</c> under a new pty, as session leader with the pty as its
/// controlling terminal. As the frontend the program is the console (a shell, a VM monitor); as a backend it is one
/// more client. Options: <c>rows</c>, <c>cols</c>, <c>env</c>, <c>cwd</c>, <c>restart = always | on-failure | never</c>.
/// </summary>
/// <remarks>
/// When the program ends the port closes with "exited with code N" or "killed by signal N"; a restart is a
/// <see cref="ChildExitedException"/> thrown in the actor, so the mux's supervisor applies its restart backoff.
/// </remarks>
public sealed class ExecChardev : IChardevKind
{
    /// <inheritdoc />
    public string Type => "exec";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OptionKeys { get; } = ["command", "rows", "cols", "env", "cwd", "restart"];

    /// <inheritdoc />
    public bool CanBeFrontend => true;

    /// <inheritdoc />
    public bool CanBeBackend => true;

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(ChardevSpec spec, PortRole role)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _ = ExecSettings.Read(spec);
        return [];
    }

    /// <inheritdoc />
    public Props CreateProps(ChardevSpec spec, PortContext context)
    {
        var settings = ExecSettings.Read(spec);
        return Props.Create(() => new ExecPortActor(spec, context, settings));
    }
}
