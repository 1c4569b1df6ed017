using System.Net;
using System.Net.Sockets;

namespace MuxActors.Chardevs.Tests.Harness;

/// <summary>
/// Plays the VM: listens where QEMU's <c>-chardev socket,server=on,wait=off</c> would (a unix socket file or a TCP
/// port) and accepts the mux's frontend connection as <see cref="Console"/>.
/// </summary>
internal sealed class FakeVm : IAsyncDisposable
{
    private EndPoint _endPoint;
    private Socket? _listener;

    private FakeVm(EndPoint endPoint, int? socketBuffers)
    {
        _endPoint = endPoint;
        SocketBuffers = socketBuffers;
        Listen();
    }

    /// <summary>Send and receive buffer size of the console connection, when small buffers are wanted.</summary>
    public int? SocketBuffers { get; }

    public SocketPeer? Console { get; private set; }

    /// <summary>The TCP port, for a VM listening on TCP.</summary>
    public int Port => ((IPEndPoint)_endPoint).Port;

    public static FakeVm ListenUnix(string path, int? socketBuffers = null) => new(new UnixDomainSocketEndPoint(path), socketBuffers);

    public static FakeVm ListenTcp(int port = 0) => new(new IPEndPoint(IPAddress.Loopback, port), null);

    /// <summary>Waits for the mux to connect.</summary>
    public async Task<SocketPeer> AcceptAsync(TimeSpan? timeout = null)
    {
        using var deadline = Deadline.After(timeout);
        var socket = await _listener!.AcceptAsync(deadline.Token);
        if (SocketBuffers is { } size)
        {
            socket.SendBufferSize = size;
            socket.ReceiveBufferSize = size;
        }
        Console = new SocketPeer(socket);
        return Console;
    }

    /// <summary>The VM goes away: its console connection and its listening socket close (a unix socket file is removed).</summary>
    public async Task ShutDownAsync()
    {
        if (Console is { } console)
            await console.DisposeAsync();
        Console = null;
        _listener?.Dispose(); // a socket bound to a UnixDomainSocketEndPoint deletes its file when disposed
        _listener = null;
    }

    /// <summary>The VM comes back and listens at the same place.</summary>
    public void Restart()
    {
        if (_listener is null)
            Listen();
    }

    public async ValueTask DisposeAsync() => await ShutDownAsync();

    private void Listen()
    {
        var listener = _endPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (_endPoint is IPEndPoint)
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(_endPoint);
        listener.Listen(4);
        if (_endPoint is IPEndPoint)
            _endPoint = listener.LocalEndPoint!; // a restarted VM listens on the same port
        _listener = listener;
    }
}
