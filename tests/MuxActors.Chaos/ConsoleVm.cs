using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using MuxActors.TestSupport;

namespace MuxActors.Chaos;

/// <summary>How the stand-in console goes away.</summary>
public enum ConsoleOutage
{
    /// <summary>The peer closes its connection; the socket still listens.</summary>
    Closes,

    /// <summary>Connections are refused: the socket file stays, nothing listens on it.</summary>
    Refuses,

    /// <summary>The socket file is gone (ENOENT) until the console comes back.</summary>
    Vanishes,

    /// <summary>The peer closes, then leaves the next connection waiting in the backlog before it accepts.</summary>
    ComesBackSlowly,
}

/// <summary>
/// A stand-in VM console: a unix socket server (QEMU's <c>server=on</c>) that writes <see cref="ChaosStream"/>, one
/// connection at a time, continuing the offsets across reconnections, and reads the input it is sent, noting when each
/// keystroke marker (<see cref="KeyMarker"/> and six digits) arrives.
/// </summary>
public sealed class ConsoleVm : IAsyncDisposable
{
    /// <summary>Starts a keystroke; flood and garbage input never contain it.</summary>
    public const byte KeyMarker = 0x1e;

    private const int KeyLength = 7;
    private readonly long _bytesPerSecond;
    private readonly ConcurrentDictionary<int, long> _keys = new();
    private readonly Awaitable _changed = new();
    private readonly SemaphoreSlim _raised = new(0);
    private Socket? _listener;
    private Socket? _refuser;
    private Session? _session;
    private long _written;
    private long _limit;
    private long _input;

    /// <param name="path">The socket path.</param>
    /// <param name="bytesPerSecond">The output rate; 0 for as fast as the service reads.</param>
    public ConsoleVm(string path, long bytesPerSecond)
    {
        Path = path;
        _bytesPerSecond = bytesPerSecond;
        Listen();
    }

    public string Path { get; }

    /// <summary>Stream bytes written so far, over every connection: the offset the next connection continues from.</summary>
    public long Written => Interlocked.Read(ref _written);

    public long InputBytes => Interlocked.Read(ref _input);

    public int Connections { get; private set; }

    /// <summary>How fast the console reads its input, bytes per second (0: as fast as it comes), so floods fill the service's input budget.</summary>
    public long InputBytesPerSecond { get; init; }

    public bool Connected => _session is not null;

    /// <summary>When each keystroke arrived (Stopwatch ticks), by number.</summary>
    public IReadOnlyDictionary<int, long> Keystrokes => _keys;

    /// <summary>Lets the console write (it writes nothing until told).</summary>
    public void StartWriting()
    {
        Interlocked.Exchange(ref _limit, long.MaxValue);
        _raised.Release();
    }

    /// <summary>Stops writing and waits for the last write to finish; returns the stream's final length.</summary>
    public async Task<long> StopWritingAsync()
    {
        Interlocked.Exchange(ref _limit, 0);
        if (_session is { } session)
            await session.WaitIdleAsync();
        return Written;
    }

    /// <summary>Waits for the service to connect and starts the session.</summary>
    public async Task AcceptAsync(TimeSpan timeout)
    {
        var listener = _listener ?? throw new InvalidOperationException("not listening");
        using var cts = new CancellationTokenSource(TestTimeouts.Dilated(timeout));
        Socket socket;
        try
        {
            socket = await listener.AcceptAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the service did not connect to the console {Path} within {timeout.TotalSeconds:0} s");
        }
        Connections++;
        _session = new Session(this, socket);
    }

    /// <summary>Goes away in the way given; <see cref="ComeBackAsync"/> ends the outage.</summary>
    public async Task GoDownAsync(ConsoleOutage outage)
    {
        if (_session is { } session)
        {
            _session = null;
            await session.CloseAsync();
        }
        switch (outage)
        {
            case ConsoleOutage.Refuses:
                CloseListener();
                // A bound socket that does not listen: connect(2) gets ECONNREFUSED.
                _refuser = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                _refuser.Bind(new UnixDomainSocketEndPoint(Path));
                break;
            case ConsoleOutage.Vanishes:
                CloseListener();
                break;
        }
    }

    /// <summary>Listens again if the outage closed the listener, and accepts the service's next connection.</summary>
    public async Task ComeBackAsync(TimeSpan timeout)
    {
        if (_listener is null)
            Listen();
        await AcceptAsync(timeout);
    }

    private void Listen()
    {
        _refuser?.Dispose();
        _refuser = null;
        File.Delete(Path);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(Path));
        _listener.Listen(16);
    }

    private void CloseListener()
    {
        _listener?.Dispose();
        _listener = null;
        File.Delete(Path);
    }

    /// <summary>Waits until <paramref name="condition"/> holds (re-checked whenever input arrives or output is written).</summary>
    public Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan timeout) =>
        _changed.UntilAsync(condition, () => $"console: {what}; written {Written}, input {InputBytes}", TestTimeouts.Dilated(timeout));

    public async ValueTask DisposeAsync()
    {
        if (_session is { } session)
            await session.CloseAsync();
        _session = null;
        _refuser?.Dispose();
        CloseListener();
        _raised.Dispose();
    }

    /// <summary>One connection: a writer of the stream and a reader of input.</summary>
    private sealed class Session
    {
        private readonly ConsoleVm _vm;
        private readonly Socket _socket;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _writer;
        private readonly Task _reader;
        private volatile bool _idle = true;

        public Session(ConsoleVm vm, Socket socket)
        {
            _vm = vm;
            _socket = socket;
            _writer = Task.Run(WriteAsync);
            _reader = Task.Run(ReadAsync);
        }

        public Task WaitIdleAsync() =>
            _vm._changed.UntilAsync(() => _idle || _writer.IsCompleted, () => "the console's last write did not finish", TestTimeouts.Dilated(TimeSpan.FromSeconds(30)));

        private async Task WriteAsync()
        {
            var buffer = new byte[16 * 1024];
            var clock = Stopwatch.StartNew();
            var startedAt = _vm.Written;
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    // Busy before the limit is read, so a stop that saw this writer idle never misses a write.
                    _idle = false;
                    Interlocked.MemoryBarrier();
                    var written = _vm.Written;
                    var room = Interlocked.Read(ref _vm._limit) - written;
                    if (room <= 0)
                    {
                        _idle = true;
                        _vm._changed.Pulse();
                        await _vm._raised.WaitAsync(_stop.Token);
                        clock.Restart();
                        startedAt = _vm.Written;
                        continue;
                    }
                    if (_vm._bytesPerSecond > 0)
                    {
                        var due = (written - startedAt) * 1000 / _vm._bytesPerSecond - clock.ElapsedMilliseconds;
                        if (due > 1)
                        {
                            await Task.Delay((int)due, _stop.Token); // pacing the output rate
                            continue; // the limit may have changed meanwhile
                        }
                    }
                    var n = (int)Math.Min(buffer.Length, room);
                    ChaosStream.Fill(buffer.AsSpan(0, n), written);
                    var sent = await _socket.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
                    Interlocked.Add(ref _vm._written, sent);
                    _vm._changed.Pulse();
                }
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
            _idle = true;
            _vm._changed.Pulse();
        }

        private async Task ReadAsync()
        {
            var buffer = new byte[64 * 1024];
            var carry = new List<byte>();
            var clock = Stopwatch.StartNew();
            long read = 0;
            try
            {
                while (true)
                {
                    var n = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                    if (n == 0)
                        break;
                    var now = Stopwatch.GetTimestamp();
                    Interlocked.Add(ref _vm._input, n);
                    FindKeys(carry, buffer.AsSpan(0, n), now);
                    _vm._changed.Pulse();
                    read += n;
                    if (_vm.InputBytesPerSecond > 0 && read * 1000 / _vm.InputBytesPerSecond - clock.ElapsedMilliseconds is var due and > 1)
                        await Task.Delay((int)due, _stop.Token); // a console that reads slowly

                }
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }

        private void FindKeys(List<byte> carry, ReadOnlySpan<byte> data, long now)
        {
            foreach (var b in data)
            {
                if (b == KeyMarker)
                {
                    carry.Clear();
                    carry.Add(b);
                }
                else if (carry.Count > 0)
                {
                    carry.Add(b);
                    if (carry.Count == KeyLength)
                    {
                        var digits = System.Text.Encoding.ASCII.GetString([.. carry.Skip(1)]);
                        if (int.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out var key))
                            _vm._keys.TryAdd(key, now);
                        carry.Clear();
                    }
                }
            }
        }

        /// <summary>Stops writing after the write in progress, then closes, so <see cref="Written"/> is exactly what the peer was given.</summary>
        public async Task CloseAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _writer.WaitAsync(TestTimeouts.Dilated(TimeSpan.FromSeconds(30)));
            }
            catch (TimeoutException)
            {
                throw new TimeoutException("the console's write did not finish within 30 s of its close (the service stopped reading it)");
            }
            _socket.Dispose();
            await _reader;
            _stop.Dispose();
        }
    }

    /// <summary>A keystroke: the marker and six digits.</summary>
    public static byte[] Keystroke(int number) =>
        [KeyMarker, .. System.Text.Encoding.ASCII.GetBytes(number.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))];
}
