using System.Net;
using System.Net.Sockets;
using System.Text;
using MuxActors.TestSupport;

namespace MuxActors.Chardevs.Tests.Harness;

/// <summary>
/// The test's end of a socket: a client of a server chardev, or the fake VM's console connection. Reads wait for
/// what is expected with a deadline; bytes read past what a call wanted are kept for the next call.
/// </summary>
internal sealed class SocketPeer(Socket socket) : IAsyncDisposable
{
    private byte[] _leftover = [];

    public Socket Socket { get; } = socket;

    public static async Task<SocketPeer> ConnectUnixAsync(string path, int? receiveBuffer = null)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        if (receiveBuffer is { } size)
            socket.ReceiveBufferSize = size;
        using var deadline = Deadline.After();
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), deadline.Token);
        return new SocketPeer(socket);
    }

    public static async Task<SocketPeer> ConnectTcpAsync(IPEndPoint endPoint, int? receiveBuffer = null)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBuffer is { } size)
            socket.ReceiveBufferSize = size;
        using var deadline = Deadline.After();
        await socket.ConnectAsync(endPoint, deadline.Token);
        return new SocketPeer(socket);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(ReadOnlyMemory<byte> data)
    {
        using var deadline = Deadline.After(TimeSpan.FromSeconds(30));
        while (!data.IsEmpty)
            data = data[await Socket.SendAsync(data, SocketFlags.None, deadline.Token)..];
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
    public async Task<byte[]> ReceiveExactlyAsync(int count, TimeSpan? timeout = null)
    {
        var result = new byte[count];
        var have = Take(result);
        using var deadline = Deadline.After(timeout);
        while (have < count)
        {
            var n = await ReceiveSomeAsync(result.AsMemory(have), deadline, $"{count} bytes (got {have})");
            if (n == 0)
                throw new WaitFailedException($"The peer closed after {have} of {count} expected bytes: '{Show(result.AsSpan(0, have))}'.");
            have += n;
        }
        return result;
    }

    public async Task<string> ReceiveTextAsync(int length, TimeSpan? timeout = null) =>
        Encoding.Latin1.GetString(await ReceiveExactlyAsync(length, timeout));

    /// <summary>Reads until <paramref name="pattern"/> has arrived; returns everything up to and including it.</summary>
    public async Task<string> ReceiveUntilAsync(string pattern, TimeSpan? timeout = null)
    {
        var text = new StringBuilder(Encoding.Latin1.GetString(_leftover));
        _leftover = [];
        var buffer = new byte[64 * 1024];
        using var deadline = Deadline.After(timeout);
        while (true)
        {
            var at = text.ToString().IndexOf(pattern, StringComparison.Ordinal);
            if (at >= 0)
            {
                var end = at + pattern.Length;
                _leftover = Encoding.Latin1.GetBytes(text.ToString(end, text.Length - end));
                return text.ToString(0, end);
            }
            var n = await ReceiveSomeAsync(buffer, deadline, $"'{Show(pattern)}' (got '{Show(text.ToString())}')");
            if (n == 0)
                throw new WaitFailedException($"The peer closed before '{Show(pattern)}' arrived; got '{Show(text.ToString())}'.");
            text.Append(Encoding.Latin1.GetString(buffer, 0, n));
        }
    }

    /// <summary>Reads until the peer closes; returns what arrived meanwhile.</summary>
    public async Task<byte[]> ReceiveToEndAsync(TimeSpan? timeout = null)
    {
        var all = new MemoryStream();
        all.Write(_leftover);
        _leftover = [];
        var buffer = new byte[64 * 1024];
        using var deadline = Deadline.After(timeout);
        while (true)
        {
            var n = await ReceiveSomeAsync(buffer, deadline, $"the end of the stream (got {all.Length} bytes)");
            if (n == 0)
                return all.ToArray();
            all.Write(buffer, 0, n);
        }
    }

    /// <summary>Reads <paramref name="count"/> bytes, passing each piece to <paramref name="consume"/> (for streams too big to keep).</summary>
    public async Task ReceiveStreamAsync(long count, Action<ReadOnlyMemory<byte>> consume, TimeSpan? timeout = null)
    {
        long have = _leftover.Length;
        if (have > 0)
            consume(_leftover);
        _leftover = [];
        var buffer = new byte[256 * 1024];
        using var deadline = Deadline.After(timeout);
        while (have < count)
        {
            var n = await ReceiveSomeAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count - have)), deadline, $"{count} bytes (got {have})");
            if (n == 0)
                throw new WaitFailedException($"The peer closed after {have} of {count} expected bytes.");
            consume(buffer.AsMemory(0, n));
            have += n;
        }
    }

    public ValueTask DisposeAsync()
    {
        Socket.Dispose();
        return ValueTask.CompletedTask;
    }

    public static string Show(ReadOnlySpan<byte> bytes) => Show(Encoding.Latin1.GetString(bytes.Length > 200 ? bytes[^200..] : bytes));

    public static string Show(string text) =>
        text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);

    private int Take(Span<byte> into)
    {
        var n = Math.Min(into.Length, _leftover.Length);
        _leftover.AsSpan(0, n).CopyTo(into);
        _leftover = _leftover[n..];
        return n;
    }

    private async Task<int> ReceiveSomeAsync(Memory<byte> buffer, CancellationTokenSource deadline, string waitingFor)
    {
        try
        {
            return await Socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new WaitFailedException($"Timed out waiting for {waitingFor}.");
        }
    }
}
