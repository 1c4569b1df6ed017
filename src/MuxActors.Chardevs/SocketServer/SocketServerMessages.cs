using System.Net.Sockets;
using Akka.Actor;

namespace MuxActors.Chardevs.Sockets;

/// <summary>
/// Published on the actor system's event stream when a listening chardev has bound its socket, so that status
/// displays and tests learn the real address (for example the port picked for <c>port = 0</c>).
/// </summary>
/// <param name="ChardevId">The chardev that listens.</param>
/// <param name="Address">What it is bound to: <c>unix:/run/x.sock</c> or <c>tcp:127.0.0.1:7001</c>.</param>
/// <param name="Listener">The listening actor.</param>
public sealed record SocketServerListening(string ChardevId, string Address, IActorRef Listener);

/// <summary>Sent to itself at start (and after each restart): bind and start accepting.</summary>
internal sealed record StartListening
{
    public static StartListening Instance { get; } = new();
}

/// <summary>The accept loop of <paramref name="Listener"/> got a client.</summary>
internal sealed record ClientAccepted(Socket Listener, Socket Client);

/// <summary>The accept loop of <paramref name="Listener"/> failed; the listener actor fails with it.</summary>
internal sealed record AcceptFailed(Socket Listener, Exception Error);

/// <summary>
/// client port → its server: the client is leaving. Sent before the port tells the mux, so a client that reconnects
/// as soon as the mux reports the detach always finds its place free (max-clients counts connected clients, not
/// ports that are still stopping).
/// </summary>
internal sealed record ClientLeft
{
    public static ClientLeft Instance { get; } = new();
}
