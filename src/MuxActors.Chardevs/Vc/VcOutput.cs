namespace MuxActors.Chardevs.Vc;

/// <summary>
/// The console's output on its way into a vc's screen model: a bounded ring the mux's thread copies chunks into with a
/// write that never waits (so they are acknowledged at once, without a message), and a thread of the vc's own that
/// parses what gathered. While output streams the thread parses a batch, then sleeps a millisecond and takes what came
/// meanwhile, rather than being woken for every chunk: each wake-up was a system call on the mux's thread, a hand-off
/// through the thread pool and an acknowledgement back. A chunk after a quiet spell (a keystroke's echo) wakes it at
/// once. When the ring is full, writes wait for room (the port's write loop), so the output stays lossless.
/// </summary>
internal sealed class VcOutput : IDisposable
{
    /// <summary>Room for a few milliseconds of a flood: the parser takes all of it every millisecond or so.</summary>
    public const int Capacity = 256 * 1024;

    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(1);
    private readonly object _sync = new();
    private readonly string _name;
    private readonly byte[] _ring = new byte[Capacity];
    private readonly Action<IReadOnlyList<ReadOnlyMemory<byte>>> _parse;
    private readonly List<ReadOnlyMemory<byte>> _batch = new(2);
    private long _written;
    private long _parsed;
    private bool _parserWaiting;
    private bool _started;   // the thread starts with the first output, so a vc that never attaches holds none
    private bool _stopped;
    private Exception? _failure;
    private TaskCompletionSource? _room;

    /// <summary>Output written will be handed to <paramref name="parse"/>, in order, on a thread named <paramref name="name"/>.</summary>
    public VcOutput(string name, Action<IReadOnlyList<ReadOnlyMemory<byte>>> parse)
    {
        _name = name;
        _parse = parse;
    }

    /// <summary>Copies as much of <paramref name="data"/> as there is room for; returns how much that was.</summary>
    public int TryWrite(ReadOnlySpan<byte> data) => TryWrite(data, out _);

    /// <summary>Writes all of <paramref name="data"/>, waiting for room when the parser is behind.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            if (Volatile.Read(ref _failure) is { } failure)
                throw new IOException("the vc's screen model failed: " + failure.Message, failure);
            int written = TryWrite(data.Span, out Task? room);
            data = data[written..];
            if (room is not null)
                await room.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the thread once it has parsed what is already written; later writes are dropped.</summary>
    public void Dispose()
    {
        TaskCompletionSource? room;
        lock (_sync)
        {
            _stopped = true;
            Monitor.Pulse(_sync);
            (room, _room) = (_room, null);
        }
        room?.TrySetCanceled();
    }

    // Copies what fits; when nothing fits, room is what completes once the parser has made some.
    private int TryWrite(ReadOnlySpan<byte> data, out Task? room)
    {
        room = null;
        if (data.IsEmpty)
            return 0;
        lock (_sync)
        {
            if (_failure is not null)
                return 0;   // the write loop reports it
            if (_stopped)
                return data.Length;   // nobody parses any more: taken and dropped, as a closed device would
            int count = Math.Min(data.Length, Capacity - (int)(_written - _parsed));
            if (count == 0)
            {
                room = (_room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                return 0;
            }
            int at = (int)(_written % Capacity), first = Math.Min(count, Capacity - at);
            data[..first].CopyTo(_ring.AsSpan(at));
            data[first..count].CopyTo(_ring);
            _written += count;
            if (_parserWaiting)
                Monitor.Pulse(_sync);
            else if (!_started)
            {
                _started = true;
                new Thread(Run) { IsBackground = true, Name = _name }.Start();
            }
            return count;
        }
    }

    private void Run()
    {
        while (true)
        {
            long from, to;
            lock (_sync)
            {
                while (_written == _parsed)
                {
                    if (_stopped)
                        return;
                    _parserWaiting = true;
                    Monitor.Wait(_sync);
                    _parserWaiting = false;
                }
                (from, to) = (_parsed, _written);
            }
            // Parsed outside the lock: writers only fill the room beyond it.
            _batch.Clear();
            int at = (int)(from % Capacity), count = (int)(to - from), first = Math.Min(count, Capacity - at);
            _batch.Add(_ring.AsMemory(at, first));
            if (first < count)
                _batch.Add(_ring.AsMemory(0, count - first));
            Exception? failure = null;
            try
            {
                _parse(_batch);
            }
            catch (Exception ex)
            {
                failure = ex;   // a bug in the screen model: the port's next write fails and the port restarts
            }
            TaskCompletionSource? room;
            lock (_sync)
            {
                _parsed = to;
                _failure = failure;
                (room, _room) = (_room, null);
            }
            room?.TrySetResult();
            if (failure is not null)
                return;
            Thread.Sleep(Gather);
        }
    }
}
