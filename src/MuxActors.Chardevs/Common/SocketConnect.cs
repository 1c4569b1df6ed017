using System.Net;
using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;
using MuxActors.Posix;

namespace MuxActors.Chardevs.Common;

/// <summary>
/// Connects a socket without .NET's asynchronous connect, which would leave the socket in .NET's event loop for good
/// (see <see cref="SocketTransport"/>): a non-blocking connect(2), then a wait for the outcome on
/// <see cref="FdPoller.Shared"/>.
/// </summary>
public static class SocketConnect
{
    /// <summary>Connects <paramref name="socket"/> to <paramref name="endPoint"/>; throws <see cref="SocketException"/> as Connect does.</summary>
    public static async Task ConnectAsync(Socket socket, EndPoint endPoint, CancellationToken cancellationToken)
    {
        socket.Blocking = false;
        try
        {
            socket.Connect(endPoint);
            return;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.InProgress or SocketError.WouldBlock
                                          && socket.AddressFamily != AddressFamily.Unix)
        {
            // a TCP handshake under way; a unix socket's EAGAIN means a full backlog, reported as it is
        }
        using (var registration = FdPoller.Shared.Register(new SafeFileHandle(socket.Handle, ownsHandle: false), "socket", armOnWait: true))
            await registration.WaitWritableAsync(registration.WriteVersion, cancellationToken).ConfigureAwait(false);
        var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
        if (error != SocketError.Success)
            throw new SocketException((int)error);
    }
}
