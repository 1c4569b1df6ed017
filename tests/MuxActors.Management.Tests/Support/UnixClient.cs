using System.Net.Sockets;
using System.Text;

namespace MuxActors.Management.Tests.Support;

/// <summary>A test client of a unix-server backend that accumulates everything it receives.</summary>
internal sealed class UnixClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly StringBuilder _received = new();
    private readonly Lock _lock = new();
    private readonly Task _reader;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

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
                Pulse();
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        Closed = true;
        Pulse();
    }

    private void Pulse()
    {
        TaskCompletionSource old;
        lock (_lock)
        {
            old = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        old.TrySetResult();
    }

    /// <summary>Waits until <paramref name="condition"/> holds for this client (re-checked on every read).</summary>
    public async Task WaitUntilAsync(Func<UnixClient, bool> condition, string what, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            Task changed;
            lock (_lock) changed = _changed.Task;
            if (condition(this))
                return;
            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"client: {what}; received so far: {Received}");
            }
        }
    }

    public Task WaitForTextAsync(string text) => WaitUntilAsync(c => c.Received.Contains(text, StringComparison.Ordinal), $"waiting for '{text}'");

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await _reader;
    }
}
