using System.Net.Sockets;
using System.Text;

namespace MuxActors.LoadTest.Vnc;

/// <summary>
/// A client on the mux's unix socket with a shell as the console: sends a command and times it until a marker the
/// command prints comes back, counting the bytes read. It reads all the time, as fast as it can (a lossless client
/// that never holds the console up by itself).
/// </summary>
internal sealed class ShellClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Task _reader;
    private readonly Lock _lock = new();
    private long _received;
    private byte[]? _marker;
    private int _matched;
    private TaskCompletionSource<long>? _seen;

    private ShellClient(Socket socket)
    {
        _socket = socket;
        _reader = Task.Run(ReadLoopAsync);
    }

    public static async Task<ShellClient> ConnectAsync(string path) =>
        new(await UnixSockets.ConnectAsync(path, TimeSpan.FromSeconds(30)));

    /// <summary>Sends <paramref name="command"/> and a newline; returns the seconds until <paramref name="marker"/> arrived and the bytes read meanwhile.</summary>
    public async Task<(double Seconds, long Bytes)> RunAsync(string command, string marker, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        long before;
        lock (_lock)
        {
            _marker = Encoding.ASCII.GetBytes(marker);
            _matched = 0;
            _seen = seen;
            before = _received;
        }
        long start = Clock.Now;
        await UnixSockets.SendAllAsync(_socket, Encoding.UTF8.GetBytes(command + "\n"), CancellationToken.None);
        long end = await seen.Task.WaitAsync(timeout);
        long bytes;
        lock (_lock)
            bytes = _received - before;
        return (Clock.Seconds(start, end), bytes);
    }

    /// <summary>Sends <paramref name="command"/> and a newline without waiting for anything.</summary>
    public Task SendAsync(string command) =>
        UnixSockets.SendAllAsync(_socket, Encoding.UTF8.GetBytes(command + "\n"), CancellationToken.None);

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[256 * 1024];
        try
        {
            while (true)
            {
                int n = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                if (n == 0)
                    return;
                long now = Clock.Now;
                lock (_lock)
                {
                    _received += n;
                    if (_marker is { } marker)
                        Scan(buffer.AsSpan(0, n), marker, now);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            lock (_lock)
                _seen?.TrySetException(new IOException("the console's socket closed"));
        }
    }

    // A marker may be split across reads: _matched carries how much of it the last read ended with. Between
    // candidates the search jumps (50 MiB go by per run, on the same cores as the service).
    private void Scan(ReadOnlySpan<byte> data, byte[] marker, long now)
    {
        int i = 0;
        while (i < data.Length)
        {
            if (_matched == 0)
            {
                int next = data[i..].IndexOf(marker[0]);
                if (next < 0)
                    return;
                i += next;
            }
            byte b = data[i++];
            _matched = b == marker[_matched] ? _matched + 1 : b == marker[0] ? 1 : 0;
            if (_matched == marker.Length)
            {
                _marker = null;
                _seen?.TrySetResult(now);
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        UnixSockets.Close(_socket);
        await _reader;
    }
}
