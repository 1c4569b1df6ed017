using System.Net.Sockets;
using Akka.Actor;
using MuxActors.Chardevs.Common;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Sockets;

/// <summary>
/// One accepted client of a listening chardev: a port over its socket, reported to the mux under the server's
/// chardev id. It stops when the client goes away or the mux closes it; it is never restarted.
/// </summary>
internal sealed class AcceptedClientPort : PortActor
{
    private readonly Socket _socket;
    private readonly string _peer;
    private bool _attached;

    public AcceptedClientPort(ChardevSpec spec, PortContext context, Socket socket, string peer)
        : base(spec, context)
    {
        _socket = socket;
        _peer = peer;
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        Attach(new SocketTransport(_socket), _peer);
        _attached = true;
    }

    /// <inheritdoc />
    protected override void OnTransportEnded(string reason, Exception? error)
    {
        Context.Parent.Tell(ClientLeft.Instance);
        base.OnTransportEnded(reason, error);
    }

    /// <inheritdoc />
    protected override void OnCloseRequested(string reason)
    {
        Context.Parent.Tell(ClientLeft.Instance);
        base.OnCloseRequested(reason);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        base.PostStop();
        if (!_attached)
            _socket.Dispose(); // the transport owns the socket once attached
    }
}
