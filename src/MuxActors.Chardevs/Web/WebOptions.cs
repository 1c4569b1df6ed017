using System.Net;
using MuxActors.Chardevs.Common;
using MuxActors.Chardevs.Sockets;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Output;

namespace MuxActors.Chardevs.Web;

/// <summary>The options of a <c>web</c> chardev.</summary>
/// <param name="Address">Where the HTTP listener is (loopback unless configured).</param>
/// <param name="Path">The page's path, starting and ending with '/'.</param>
/// <param name="Token">The token a page must send, or <c>null</c> for none.</param>
/// <param name="Cols">The console's width: what every page shows.</param>
/// <param name="Rows">The console's height.</param>
/// <param name="MaxClients">Pages connected at once.</param>
/// <param name="ReadOnly">Whether the pages' input is ignored.</param>
/// <param name="Policy">What happens to a page that falls behind: drop (resync to the screen) or disconnect.</param>
/// <param name="StallTimeout">With disconnect, how long a page may stay behind.</param>
/// <param name="AllowedOrigins">Origins besides the page's own whose pages may connect.</param>
internal sealed record WebOptions(IPEndPoint Address, string Path, string? Token, int Cols, int Rows, int MaxClients,
    bool ReadOnly, OverflowPolicy Policy, TimeSpan StallTimeout, IReadOnlyList<string> AllowedOrigins)
{
    public const string DefaultListen = "127.0.0.1:7681";

    public static IReadOnlyCollection<string> Keys { get; } = ["listen", "path", "token", "cols", "rows", "max-clients", "allowed-origins"];

    public static WebOptions Read(ChardevSpec spec)
    {
        var options = spec.Options;
        var (host, port) = options.HasPath("listen") ? ChardevOptions.ReadHostPort(options, "listen") : ("127.0.0.1", 7681);
        var address = new IPEndPoint(TcpServerOptions.ParseAddress(options, "listen", host), port);
        var path = options.GetString("path", "/");
        if (!path.StartsWith('/') || !path.EndsWith('/') || path.Contains("//", StringComparison.Ordinal)
            || !path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.' or '~'))
            throw ChardevOptions.Error(options, "path", $"'{path}' is not a page path: it starts and ends with '/' and holds letters, digits and -_.~ (for example \"/vm1/\")");
        var token = options.HasPath("token") ? options.GetString("token") : null;
        if (token is { Length: 0 })
            token = null; // token = ${?WEB_TOKEN} with the variable set but empty: no token, like an unset one
        var policy = OverflowPolicy.Drop;
        if (options.HasPath("on-overflow"))
        {
            policy = options.GetOneOf("on-overflow", "drop", "disconnect", "block") switch
            {
                "disconnect" => OverflowPolicy.Disconnect,
                "drop" => OverflowPolicy.Drop,
                _ => throw ChardevOptions.Error(options, "on-overflow",
                    "'block' is not available for a web backend: a browser tab must never hold the console up (use drop or disconnect)"),
            };
        }
        var origins = options.HasPath("allowed-origins") ? options.GetStringList("allowed-origins") : [];
        return new WebOptions(address, path, token, Range(options, "cols", 80, 2, 500), Range(options, "rows", 24, 1, 300),
            Range(options, "max-clients", 16, 1, 1024), spec.ReadOnly, policy, spec.Sink.StallTimeout, origins);
    }

    /// <summary>The exclusive resource: one backend per path of a listener.</summary>
    public string Resource => $"web:{Address}{Path}";

    /// <summary>The page's URL (loopback when listening on every address; the real port when it was 0).</summary>
    public string UrlFor(int port)
    {
        var address = Address.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : Address.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : Address.Address;
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return $"http://{host}:{port}{Path}";
    }

    private static int Range(MuxActors.Hocon.HoconConfig options, string key, int fallback, int min, int max)
    {
        var value = options.HasPath(key) ? options.GetInt32(key) : fallback;
        return value >= min && value <= max ? value : throw ChardevOptions.Error(options, key, $"must be from {min} to {max} (was {value})");
    }
}
