using Akka.Actor;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Web;

/// <summary>
/// <c>web</c>: the console in a browser. A page with xterm.js at <c>http://LISTEN/PATH</c> (default
/// <c>127.0.0.1:7681</c> and <c>/</c>; several web backends share a listener by path), the console's own geometry
/// (<c>cols</c>, <c>rows</c>), the current screen on join, flow control per page (<c>on-overflow</c>: drop, the
/// default, or disconnect), <c>read-only</c>, <c>token</c>, <c>max-clients</c>, <c>allowed-origins</c>. See docs/web.md.
/// </summary>
public sealed class WebKind : IChardevKind
{
    /// <inheritdoc />
    public string Type => "web";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OptionKeys => WebOptions.Keys;

    /// <inheritdoc />
    public bool CanBeFrontend => false;

    /// <inheritdoc />
    public bool CanBeBackend => true;

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(ChardevSpec spec, PortRole role)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return [WebOptions.Read(spec).Place.Resource];
    }

    /// <inheritdoc />
    public Props CreateProps(ChardevSpec spec, PortContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var options = WebOptions.Read(spec);
        return Props.Create(() => new WebBackendActor(spec, context, options));
    }

    /// <inheritdoc />
    public bool Listens(ChardevSpec spec) => true;

    /// <inheritdoc />
    public string? AttachHint(ChardevSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var options = WebOptions.Read(spec);
        return "open " + options.Place.ConfiguredUrl + (options.Token is null ? "" : "#TOKEN (the configured token)")
            + (options.Place.Address.Port == 0 ? " (the port is chosen at start-up and logged)" : "");
    }
}
