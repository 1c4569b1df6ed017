using System.Net.Sockets;
using System.Text;

namespace MuxActors.TestSupport.Processes;

/// <summary>A test client of a unix-server backend that accumulates everything it receives.</summary>
public sealed class UnixClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly StringBuilder _received = new();
    private readonly Lock _lock = new();
    private readonly Task _reader;
    private readonly Awaitable _changed = new();

    private UnixClient(Socket socket)
    {
        _socket = socket;
        _reader = Task.Run(ReadAsync);
    }

    public bool Closed { get; private set; }

    public string Received
    {
        get { lock (_lock) return _received.ToString(); }
    }

    public static async Task<UnixClient> ConnectAsync(string path, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
                return new UnixClient(socket);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                await Task.Delay(50); // polling for the service to create its socket, bounded by the deadline
            }
        }
    }

    public Task SendAsync(string text) => _socket.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None);

    private async Task ReadAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var n = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                if (n == 0)
                    break;
                lock (_lock)
                    _received.Append(Encoding.UTF8.GetString(buffer, 0, n));
                _changed.Pulse();
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        Closed = true;
        _changed.Pulse();
    }

    /// <summary>Waits until <paramref name="condition"/> holds for this client (re-checked on every read).</summary>
    public Task WaitUntilAsync(Func<UnixClient, bool> condition, string what, TimeSpan? timeout = null) =>
        _changed.UntilAsync(() => condition(this), () => $"client: {what}; received so far: {Received}", timeout);

    public Task WaitForTextAsync(string text) => WaitUntilAsync(c => c.Received.Contains(text, StringComparison.Ordinal), $"waiting for '{text}'");

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await _reader;
    }
}
