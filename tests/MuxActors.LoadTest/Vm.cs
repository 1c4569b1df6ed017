using System.Net.Sockets;
using System.Threading.Channels;

namespace MuxActors.LoadTest;

/// <summary>
/// The stand-in VM console: a unix socket server (like QEMU's <c>-chardev socket,server=on</c>) that the relay
/// connects to. In the direct case the reader connects to it itself.
/// </summary>
internal sealed class VmServer : IDisposable
{
    private readonly Socket _listener;
    private readonly Channel<Socket> _accepted = Channel.CreateUnbounded<Socket>();
    private readonly List<Socket> _all = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _cts = new();

    public VmServer(string path)
    {
        Path = path;
        _listener = UnixSockets.Listen(path);
        _ = Task.Run(AcceptLoopAsync);
    }

    public string Path { get; }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptAsync(_cts.Token);
                lock (_lock)
                    _all.Add(socket);
                _accepted.Writer.TryWrite(socket);
            }
        }
        catch (Exception) when (_cts.IsCancellationRequested)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>The next connection (the relay's console connection, or a direct reader).</summary>
    public async Task<Socket> AcceptAsync(TimeSpan timeout)
    {
        try
        {
            return await _accepted.Reader.ReadAsync().AsTask().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"nothing connected to the VM socket {Path} within {timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Reads from the console connection until <paramref name="count"/> readers' hello bytes have arrived.</summary>
    public static async Task ReadHellosAsync(Socket device, long count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        long seen = 0;
        try
        {
            while (seen < count)
            {
                var n = await device.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0)
                    throw new InvalidOperationException("the relay closed the console connection before every reader said hello");
                seen += buffer.AsSpan(0, n).Count(Pattern.Hello);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException(Fmt.I($"the VM got {seen} of {count} hello bytes within {timeout.TotalSeconds:0} s"));
        }
    }

    /// <summary>Writes <paramref name="total"/> bytes of the pattern at full speed, <paramref name="writeSize"/> at a time.</summary>
    public static async Task StreamAsync(Socket device, long total, int writeSize, CancellationToken cancellationToken)
    {
        long sent = 0;
        while (sent < total)
        {
            var offset = (int)(sent % Pattern.Length);
            var n = (int)Math.Min(Math.Min(writeSize, Pattern.Length - offset), total - sent);
            sent += await device.SendAsync(Pattern.Bytes.AsMemory(offset, n), SocketFlags.None, cancellationToken);
        }
    }

    public void Dispose()
    {
        _cts.Cancel();
        _listener.Dispose();
        lock (_lock)
        {
            foreach (var socket in _all)
                UnixSockets.Close(socket);
        }
        _cts.Dispose();
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A reader of a bulk stream: counts, checks the content against the pattern, notes its first and last byte times.</summary>
internal sealed class BulkReader(Socket socket, long expected, bool verify, bool untilEnd)
{
    private long _received;

    public Socket Socket => socket;

    public long Expected => expected;

    public long Received => Volatile.Read(ref _received);

    public long First { get; private set; }

    public long Last { get; private set; }

    /// <summary>Bytes that differed from the pattern at their position (the first bad read's offset is kept).</summary>
    public long? CorruptAt { get; private set; }

    public bool SawEnd { get; private set; }

    public string? Error { get; private set; }

    public bool Done => untilEnd ? SawEnd : Received >= expected;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[256 * 1024];
        try
        {
            while (!Done)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (n == 0)
                {
                    Error = "closed by the relay";
                    return;
                }
                var now = Clock.Now;
                var data = buffer.AsSpan(0, n);
                if (untilEnd && data.IndexOf(Pattern.End) is var end and >= 0)
                {
                    data = data[..end];
                    SawEnd = true;
                }
                if (data.IsEmpty)
                    continue;
                if (First == 0)
                    First = now;
                if (verify && CorruptAt is null && !Pattern.Matches(data, _received))
                    CorruptAt = _received;
                Volatile.Write(ref _received, _received + data.Length);
                Last = now;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException ex)
        {
            Error = "socket error: " + ex.SocketErrorCode;
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
