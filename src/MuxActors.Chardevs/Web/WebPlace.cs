using System.Net;
using MuxActors.Chardevs.Common;
using MuxActors.Chardevs.Sockets;
using MuxActors.Hocon;

namespace MuxActors.Chardevs.Web;

/// <summary>
/// Where a console is served to browsers: the address of a listener of the service, a path on it, and the origins
/// besides the page's own whose pages may open its WebSocket. Read and checked alike for web backends and vc consoles.
/// </summary>
/// <param name="Address">The listener's address (loopback unless configured; port 0 lets the system pick).</param>
/// <param name="Path">The page's path, starting and ending with '/'.</param>
/// <param name="AllowedOrigins">Origins besides the page's own whose pages may connect.</param>
internal sealed record WebPlace(IPEndPoint Address, string Path, IReadOnlyList<string> AllowedOrigins)
{
    public const string DefaultListen = "127.0.0.1:7681";

    /// <summary>Reads <paramref name="listenKey"/> (default <see cref="DefaultListen"/>), <paramref name="pathKey"/> and <c>allowed-origins</c>.</summary>
    public static WebPlace Read(HoconConfig options, string listenKey, string pathKey, string defaultPath)
    {
        var (host, port) = options.HasPath(listenKey) ? ChardevOptions.ReadHostPort(options, listenKey) : ("127.0.0.1", 7681);
        var address = new IPEndPoint(TcpServerOptions.ParseAddress(options, listenKey, host), port);
        var path = options.GetString(pathKey, defaultPath);
        if (!path.StartsWith('/') || !path.EndsWith('/') || path.Contains("//", StringComparison.Ordinal)
            || !path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.' or '~'))
            throw ChardevOptions.Error(options, pathKey, $"'{path}' is not a page path: it starts and ends with '/' and holds letters, digits and -_.~ (for example \"/vm1/\")");
        var origins = options.HasPath("allowed-origins") ? options.GetStringList("allowed-origins") : [];
        return new WebPlace(address, path, origins);
    }

    /// <summary>The exclusive resource: one console per path of a listener, whatever its kind.</summary>
    public string Resource => $"web:{Address}{Path}";

    /// <summary>The page's URL (loopback when listening on every address; the real port when it was 0).</summary>
    public string UrlFor(int port)
    {
        var address = Address.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : Address.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : Address.Address;
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return $"http://{host}:{port}{Path}";
    }

    /// <summary>The URL as known before the listener starts: <c>PORT</c> stands for a port the system will pick.</summary>
    public string ConfiguredUrl =>
        Address.Port == 0 ? UrlFor(0).Replace(":0/", ":PORT/", StringComparison.Ordinal) : UrlFor(Address.Port);

    /// <summary>Whether a WebSocket from a page at <paramref name="origin"/> may connect to a server reached as <paramref name="host"/>.</summary>
    public bool AllowsOrigin(string origin, string host) =>
        string.Equals(origin, "http://" + host, StringComparison.OrdinalIgnoreCase)
        || string.Equals(origin, "https://" + host, StringComparison.OrdinalIgnoreCase)
        || AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);
}
