using Akka.Actor;
using MuxActors.Core.Protocol;

namespace MuxActors.Core.Chardevs;

/// <summary>
/// One kind of chardev (unix-server, file, pty...): validates its options and creates its actor. Kinds live in
/// MuxActors.Chardevs, one folder each; the core knows them only through this interface.
/// </summary>
public interface IChardevKind
{
    /// <summary>The <c>type</c> value that selects this kind.</summary>
    string Type { get; }

    /// <summary>Whether the kind can be the console side of a mux.</summary>
    bool CanBeFrontend { get; }

    /// <summary>Whether the kind can be a client side of a mux.</summary>
    bool CanBeBackend { get; }

    /// <summary>
    /// Checks the options and returns the exclusive resources the chardev claims (for example
    /// <c>unix:/run/x.sock</c>, <c>tcp:127.0.0.1:7001</c>, <c>path:/var/log/x.log</c>), so that two chardevs
    /// cannot listen on the same path or port. Throws <see cref="Hocon.HoconException"/> naming the key on bad options.
    /// </summary>
    IReadOnlyList<string> Validate(ChardevSpec spec, PortRole role);

    /// <summary>Props for the chardev's actor, which reports to <paramref name="context"/>'s mux.</summary>
    Props CreateProps(ChardevSpec spec, PortContext context);

    /// <summary>
    /// The keys this kind reads from its block (besides <c>type</c> and the backend keys every kind has), so a
    /// misspelled key is reported instead of silently ignored; <c>null</c> skips the check.
    /// </summary>
    IReadOnlyCollection<string>? OptionKeys => null;

    /// <summary>
    /// Whether the chardev binds an address that others connect to (a socket, a web page, a VNC port). Its actor then
    /// tells its mux <see cref="Protocol.ChardevListening"/> once bound (or opens its port), and the service says it
    /// is ready only after that.
    /// </summary>
    bool Listens(ChardevSpec spec) => false;

    /// <summary>A one-line hint telling a user how to attach to this backend, or <c>null</c>.</summary>
    string? AttachHint(ChardevSpec spec) => null;
}
