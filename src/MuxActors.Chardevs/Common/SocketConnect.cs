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
        catch (SocketException ex) when (endPoint is UnixDomainSocketEndPoint unix && Explain(unix, ex) is { } explained)
        {
            throw explained;
        }
        using (var registration = FdPoller.Shared.Register(new SafeFileHandle(socket.Handle, ownsHandle: false), "socket", armOnWait: true))
            await registration.WaitWritableAsync(registration.WriteVersion, cancellationToken).ConfigureAwait(false);
        var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
        if (error != SocketError.Success)
            throw new SocketException((int)error);
    }

    /// <summary>
    /// What a failed unix connect means, in words: .NET reports a missing socket file (ENOENT) as "Cannot assign
    /// requested address", which sends people looking at network settings.
    /// </summary>
    private static IOException? Explain(UnixDomainSocketEndPoint endPoint, SocketException ex)
    {
        var path = endPoint.ToString();
        return ex.SocketErrorCode switch
        {
            SocketError.AddressNotAvailable when !File.Exists(path) && !Directory.Exists(path) =>
                new IOException($"the socket file {path} does not exist (ENOENT)", ex),
            SocketError.AddressNotAvailable => new IOException($"{path} is not a socket that can be connected to", ex),
            SocketError.ConnectionRefused =>
                new IOException($"connection refused (ECONNREFUSED): nothing listens on {path}", ex),
            SocketError.AccessDenied => new IOException($"permission denied (EACCES) on {path}", ex),
            _ => null,
        };
    }
}
