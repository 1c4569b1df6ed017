using MuxActors.Chardevs.Common;
using MuxActors.Hocon;
using MuxActors.Core.Supervision;

namespace MuxActors.Chardevs.Sockets;

/// <summary>Options shared by the connecting chardevs (unix-client, tcp-client).</summary>
/// <param name="Reconnect">
/// Backoff between connection attempts: <c>reconnect</c> (default 1s) is the first delay, doubled after each failed
/// attempt up to <c>reconnect-max</c> (default 30s), with up to 20% jitter so many clients do not retry in step.
/// </param>
/// <param name="ConnectTimeout">How long one attempt may take (<c>connect-timeout</c>, default 5s).</param>
internal sealed record SocketClientOptions(BackoffOptions Reconnect, TimeSpan ConnectTimeout)
{
    public static SocketClientOptions Read(HoconConfig options)
    {
        var min = options.GetDuration("reconnect", TimeSpan.FromSeconds(1));
        if (min <= TimeSpan.Zero)
            throw ChardevOptions.Error(options, "reconnect", "must be a positive duration (the delay before reconnecting, such as 1s)");
        var max = options.GetDuration("reconnect-max", min > TimeSpan.FromSeconds(30) ? min : TimeSpan.FromSeconds(30));
        if (max < min)
            throw ChardevOptions.Error(options, "reconnect-max", $"must not be shorter than reconnect ({min.TotalMilliseconds:0} ms)");
        var timeout = options.GetDuration("connect-timeout", TimeSpan.FromSeconds(5));
        if (timeout <= TimeSpan.Zero)
            throw ChardevOptions.Error(options, "connect-timeout", "must be a positive duration");
        return new SocketClientOptions(new BackoffOptions(min, max, RandomFactor: 0.2), timeout);
    }
}
