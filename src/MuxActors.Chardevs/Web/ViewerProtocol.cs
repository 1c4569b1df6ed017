using System.Net.WebSockets;

namespace MuxActors.Chardevs.Web;

/// <summary>A page broke the protocol: it is closed with <see cref="Status"/> and the message; nobody else is touched.</summary>
internal sealed class ViewerProtocolException(WebSocketCloseStatus status, string message) : Exception(message)
{
    public WebSocketCloseStatus Status { get; } = status;
}

/// <summary>
/// How many pause and resume frames a page may send: a burst of <see cref="Burst"/>, then <see cref="PerSecond"/> a
/// second. xterm.js pages send a pair per backlog they build up; a flood of them is an attack on the server's time.
/// </summary>
internal sealed class PauseBudget(TimeProvider time)
{
    public const int Burst = 64;
    public const int PerSecond = 32;
    private double _tokens = Burst;
    private long _last = time.GetTimestamp();

    public bool TryTake()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(Burst, _tokens + time.GetElapsedTime(_last, now).TotalSeconds * PerSecond);
        _last = now;
        if (_tokens < 1)
            return false;
        _tokens--;
        return true;
    }
}
