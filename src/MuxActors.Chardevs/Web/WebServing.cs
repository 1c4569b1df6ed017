using System.Net;
using System.Net.WebSockets;
using Akka.Actor;

namespace MuxActors.Chardevs.Web;

/// <summary>
/// Where web backends find the HTTP server that serves them: the service sets <see cref="Listeners"/> when its actor
/// system starts (Kestrel lives in the service; this assembly knows only this interface).
/// </summary>
public sealed class WebServing : IExtension
{
    /// <summary>The service's listeners, or <c>null</c> when the host serves no web backends.</summary>
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

/// <summary>HTTP listeners shared by the web backends: one per address, one backend per path.</summary>
public interface IWebListeners
{
    /// <summary>
    /// Serves <paramref name="terminal"/> at its path on <paramref name="address"/>, starting a listener there when none
    /// runs. Returns the page's URL and the registration, whose disposal stops serving it (and the listener once unused).
    /// </summary>
    Task<(Uri Url, IAsyncDisposable Registration)> AddAsync(IPEndPoint address, IWebTerminal terminal, CancellationToken cancellationToken);
}

/// <summary>One web backend as its listener sees it.</summary>
public interface IWebTerminal
{
    /// <summary>The path the page is served at: starts and ends with '/'.</summary>
    string Path { get; }

    /// <summary>Whether a WebSocket from a page at <paramref name="origin"/> may connect to a server reached as <paramref name="host"/>.</summary>
    bool AllowsOrigin(string origin, string host);

    /// <summary>Whether another viewer may join now (<c>max-clients</c>).</summary>
    bool HasRoom { get; }

    /// <summary>Runs one viewer's WebSocket until it closes (see docs/web.md for the protocol).</summary>
    Task ServeAsync(WebSocket socket, string peer, CancellationToken cancellationToken);
}
