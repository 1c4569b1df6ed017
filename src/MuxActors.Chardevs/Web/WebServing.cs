using System.Net;
using System.Net.WebSockets;
using Akka.Actor;

namespace MuxActors.Chardevs.Web;

/// <summary>
/// Where consoles served to browsers (web backends, vc consoles' noVNC pages) find the HTTP server: the service sets
/// <see cref="Listeners"/> when its actor system starts (Kestrel lives in the service; this assembly knows only this interface).
/// </summary>
public sealed class WebServing : IExtension
{
    /// <summary>The service's listeners, or <c>null</c> when the host serves no web pages.</summary>
    public IWebListeners? Listeners { get; set; }

    /// <summary>The extension of <paramref name="system"/>.</summary>
    public static WebServing For(ActorSystem system) => system.WithExtension<WebServing, WebServingProvider>();
}

/// <summary>Creates the <see cref="WebServing"/> extension.</summary>
public sealed class WebServingProvider : ExtensionIdProvider<WebServing>
{
    /// <inheritdoc />
    public override WebServing CreateExtension(ExtendedActorSystem system) => new();
}

/// <summary>HTTP listeners shared by the consoles served to browsers: one per address, one console per path.</summary>
public interface IWebListeners
{
    /// <summary>
    /// Serves <paramref name="console"/> at its path on <paramref name="address"/>, starting a listener there when none
    /// runs. Returns the page's URL and the registration, whose disposal stops serving it (and the listener once unused).
    /// </summary>
    Task<(Uri Url, IAsyncDisposable Registration)> AddAsync(IPEndPoint address, IWebConsole console, CancellationToken cancellationToken);
}

/// <summary>Which page a path serves.</summary>
public enum WebPageKind
{
    /// <summary>A web backend's xterm.js page (docs/web.md).</summary>
    Terminal,

    /// <summary>A vc console's noVNC page, RFB over the WebSocket (docs/vnc.md).</summary>
    Vnc,
}

/// <summary>One console as its listener sees it: a page and a WebSocket at a path.</summary>
public interface IWebConsole
{
    /// <summary>The path the page is served at: starts and ends with '/'.</summary>
    string Path { get; }

    /// <summary>The page served there.</summary>
    WebPageKind Page { get; }

    /// <summary>Whether a WebSocket from a page at <paramref name="origin"/> may connect to a server reached as <paramref name="host"/>.</summary>
    bool AllowsOrigin(string origin, string host);

    /// <summary>Whether another viewer may join now (<c>max-clients</c>); when not, the WebSocket is refused with 503.</summary>
    bool HasRoom { get; }

    /// <summary>Runs one viewer's WebSocket until it closes.</summary>
    Task ServeAsync(WebSocket socket, string peer, CancellationToken cancellationToken);
}
