using System.Net.Sockets;
using MuxActors.TestSupport;

namespace MuxActors.Chaos;

/// <summary>A client that stays attached and reads everything, checking it as it comes (<see cref="StreamChecker"/>).</summary>
public sealed class CheckedClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Task _reader;
    private readonly Awaitable _changed = new();
    private readonly Lock _lock = new();

    private CheckedClient(Socket socket, StreamChecker checker)
    {
        _socket = socket;
        Checker = checker;
        _reader = Task.Run(ReadAsync);
    }

    public StreamChecker Checker { get; }

    /// <summary>The service closed the connection (or it failed).</summary>
    public bool Closed { get; private set; }

    public long Received { get; private set; }

    public long Position
    {
        get { lock (_lock) return Checker.Position; }
    }

    /// <param name="name">The client, for findings.</param>
    /// <param name="endpoint">The backend.</param>
    /// <param name="start">The first offset it must hold (lossless, joined before the stream began); null for a <c>drop</c> client.</param>
    /// <param name="within">How long to retry while nothing listens yet; zero: one attempt.</param>
    public static async Task<CheckedClient> ConnectAsync(string name, Endpoint endpoint, long? start, TimeSpan within = default)
    {
        var socket = within > TimeSpan.Zero ? await endpoint.ConnectWithinAsync(within) : await endpoint.ConnectAsync();
        return new CheckedClient(socket, new StreamChecker(name, gapsAllowed: start is null, start));
    }

    /// <summary>Sends bytes to the console through this client.</summary>
    public Task SendAsync(ReadOnlyMemory<byte> bytes) => _socket.SendAsync(bytes, SocketFlags.None).AsTask();

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var n = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                if (n == 0)
                    break;
                lock (_lock)
                {
                    Checker.Feed(buffer.AsSpan(0, n));
                    Received += n;
                }
                _changed.Pulse();
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
        Closed = true;
        _changed.Pulse();
    }

    /// <summary>Waits until the client has every byte up to <paramref name="offset"/> (or stops: closed, or a finding).</summary>
    public Task WaitForAsync(long offset, TimeSpan timeout) =>
        WaitUntilAsync(() => Position >= offset || Closed || Checker.Finding is not null, $"offset {offset}", timeout);

    public Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan timeout) =>
        _changed.UntilAsync(() => { lock (_lock) return condition(); },
            () => $"{Checker.Name}: waited for {what}; at offset {Position}, closed {Closed}, finding {Checker.Finding}", TestTimeouts.Dilated(timeout));

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await _reader;
    }
}
