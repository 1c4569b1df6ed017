using System.Net;
using Akka.Actor;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Vc;

/// <summary>
/// <c>vc</c>: QEMU's text console as a backend: the console's output drawn on a screen model with a PSF font and
/// served over VNC (RFB) to any number of viewers, whose keys and pastes reach the console. Options: <c>listen</c>
/// (default <c>127.0.0.1:5900</c>), <c>cols</c>, <c>rows</c> (80×24), <c>font</c> (default Debian's
/// <c>Uni2-VGA16.psf.gz</c>), <c>password</c> or <c>password-file</c>, <c>max-clients</c> (16), and the common
/// <c>read-only</c>. See docs/vnc.md.
/// </summary>
public sealed class VcKind : IChardevKind
{
    /// <inheritdoc />
    public string Type => "vc";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OptionKeys { get; } = ["listen", "cols", "rows", "font", "password", "password-file", "max-clients"];

    /// <inheritdoc />
    public bool CanBeFrontend => false;

    /// <inheritdoc />
    public bool CanBeBackend => true;

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(ChardevSpec spec, PortRole role)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return VcOptions.Read(spec).Resource is { } resource ? [resource] : [];
    }

    /// <inheritdoc />
    public Props CreateProps(ChardevSpec spec, PortContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var options = VcOptions.Read(spec);
        return Props.Create(() => new VcActor(spec, context, options));
    }

    /// <inheritdoc />
    public string? AttachHint(ChardevSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var options = VcOptions.Read(spec);
        var address = options.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : options.Address;
        // gvncviewer reads "HOST:N" as port 5900 + N (so "HOST::5900" is display 0); xtigervncviewer takes "HOST::PORT".
        return options.Port switch
        {
            0 => $"xtigervncviewer {address}::PORT (the port is chosen at start-up and logged)",
            5900 => $"gvncviewer {address}::5900",
            > 5900 => $"gvncviewer {address}:{options.Port - 5900}",
            _ => $"xtigervncviewer {address}::{options.Port}",
        };
    }
}
