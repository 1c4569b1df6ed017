using System.Net;
using Akka.Actor;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Vc;

/// <summary>
/// <c>vc</c>: QEMU's text console as a backend: the console's output drawn on a screen model with a PSF font and
/// served over VNC (RFB) to any number of viewers, whose keys and pastes reach the console. Options: <c>listen</c>
/// (default <c>127.0.0.1:5900</c> unless <c>web</c> is set), <c>web</c> (a noVNC page and RFB over a WebSocket on the
/// service's HTTP listener, at <c>web-path</c>, default <c>/ID/</c>; <c>allowed-origins</c>), <c>cols</c>, <c>rows</c>
/// (80×24), <c>font</c> (default Debian's <c>Uni2-VGA16.psf.gz</c>), <c>password</c> or <c>password-file</c>,
/// <c>max-clients</c> (16, both listeners together), and the common <c>read-only</c>. See docs/vnc.md.
/// </summary>
public sealed class VcKind : IChardevKind
{
    /// <inheritdoc />
    public string Type => "vc";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OptionKeys => VcOptions.Keys;

    /// <inheritdoc />
    public bool CanBeFrontend => false;

    /// <inheritdoc />
    public bool CanBeBackend => true;

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(ChardevSpec spec, PortRole role)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return VcOptions.Read(spec).Resources;
    }

    /// <inheritdoc />
    public Props CreateProps(ChardevSpec spec, PortContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var options = VcOptions.Read(spec);
        return Props.Create(() => new VcActor(spec, context, options));
    }

    /// <inheritdoc />
    public bool Listens(ChardevSpec spec) => true;

    /// <inheritdoc />
    public string? AttachHint(ChardevSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var options = VcOptions.Read(spec);
        var ways = new List<string>(2);
        if (options.Listen is { } listen)
            ways.Add(ViewerCommand(listen));
        if (options.Web is { } web)
            ways.Add("open " + web.ConfiguredUrl);
        var picked = options.Listen is { Port: 0 } || options.Web is { Address.Port: 0 };
        return string.Join(", or ", ways) + (picked ? " (PORT is chosen at start-up and logged)" : "");
    }

    private static string ViewerCommand(IPEndPoint listen)
    {
        var address = listen.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : listen.Address;
        // gvncviewer reads "HOST:N" as port 5900 + N (so "HOST::5900" is display 0); xtigervncviewer takes "HOST::PORT".
        return listen.Port switch
        {
            0 => $"xtigervncviewer {address}::PORT",
            5900 => $"gvncviewer {address}::5900",
            > 5900 => $"gvncviewer {address}:{listen.Port - 5900}",
            _ => $"xtigervncviewer {address}::{listen.Port}",
        };
    }
}
