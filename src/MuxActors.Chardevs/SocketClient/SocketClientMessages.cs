using System.Net.Sockets;

namespace MuxActors.Chardevs.Sockets;

/// <summary>Timer message: time for the next connection attempt.</summary>
internal sealed record ConnectNow
{
    public static ConnectNow Instance { get; } = new();
}

/// <summary>Connection attempt <paramref name="Attempt"/> succeeded.</summary>
internal sealed record ConnectSucceeded(int Attempt, Socket Socket);

/// <summary>Connection attempt <paramref name="Attempt"/> failed.</summary>
internal sealed record ConnectFailed(int Attempt, Exception Error);
