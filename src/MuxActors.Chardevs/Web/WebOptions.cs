using MuxActors.Chardevs.Common;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Output;

namespace MuxActors.Chardevs.Web;

/// <summary>The options of a <c>web</c> chardev.</summary>
/// <param name="Place">The listener, the page's path and the other origins allowed.</param>
/// <param name="Token">The token a page must send, or <c>null</c> for none.</param>
/// <param name="Cols">The console's width: what every page shows.</param>
/// <param name="Rows">The console's height.</param>
/// <param name="MaxClients">Pages connected at once.</param>
/// <param name="ReadOnly">Whether the pages' input is ignored.</param>
/// <param name="Policy">What happens to a page that falls behind: drop (resync to the screen) or disconnect.</param>
/// <param name="StallTimeout">With disconnect, how long a page may stay behind.</param>
internal sealed record WebOptions(WebPlace Place, string? Token, int Cols, int Rows, int MaxClients,
    bool ReadOnly, OverflowPolicy Policy, TimeSpan StallTimeout)
{
    public static IReadOnlyCollection<string> Keys { get; } = ["listen", "path", "token", "cols", "rows", "max-clients", "allowed-origins"];

    public static WebOptions Read(ChardevSpec spec)
    {
        var options = spec.Options;
        var place = WebPlace.Read(options, "listen", "path", "/");
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
        return new WebOptions(place, token, Range(options, "cols", 80, 2, 500), Range(options, "rows", 24, 1, 300),
            Range(options, "max-clients", 16, 1, 1024), spec.ReadOnly, policy, spec.Sink.StallTimeout);
    }

    private static int Range(MuxActors.Hocon.HoconConfig options, string key, int fallback, int min, int max)
    {
        var value = options.HasPath(key) ? options.GetInt32(key) : fallback;
        return value >= min && value <= max ? value : throw ChardevOptions.Error(options, key, $"must be from {min} to {max} (was {value})");
    }
}
