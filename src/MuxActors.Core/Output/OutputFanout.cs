namespace MuxActors.Core.Output;

/// <summary>
/// The output path of one mux as plain logic, with no I/O: frontend output is appended once to an
/// <see cref="OutputLog"/>; each sink has a cursor and a window of bytes in flight; the per-sink
/// <see cref="OverflowPolicy"/> decides what happens when a sink falls behind. The owner (the mux actor) performs
/// the resulting <see cref="IFanoutActions{TSink}"/>. Not thread-safe.
/// </summary>
public sealed class OutputFanout<TSink> where TSink : notnull
{
    private readonly Dictionary<TSink, SinkState> _sinks;
    private readonly IFanoutActions<TSink> _actions;
    private readonly TimeProvider _time;
    private readonly List<(TSink Sink, string Reason)> _evicted = [];
    private readonly MinimumTracker _lowestAcked = new();        // over every sink: where the log may be trimmed
    private readonly MinimumTracker _lowestBlockingAcked = new(); // over block sinks: how far behind the slowest one is
    private int _behindCount;                                     // sinks with a running stall clock
    private readonly Func<IEnumerable<long>> _allAcked;
    private readonly Func<IEnumerable<long>> _blockingAcked;

    /// <summary>Creates the fan-out.</summary>
    /// <param name="settings">The watermarks.</param>
    /// <param name="actions">What the fan-out asks for.</param>
    /// <param name="time">The stall clock.</param>
    /// <param name="sinks">How sinks are told apart; default their own equality.</param>
    public OutputFanout(OutputSettings settings, IFanoutActions<TSink> actions, TimeProvider time, IEqualityComparer<TSink>? sinks = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _sinks = new Dictionary<TSink, SinkState>(sinks);
        settings.Validate();
        Settings = settings;
        _actions = actions;
        _time = time;
        _allAcked = () => _sinks.Values.Select(s => s.Acked);
        _blockingAcked = BlockingAcked;
    }

    /// <summary>The watermarks.</summary>
    public OutputSettings Settings { get; }

    /// <summary>The shared log.</summary>
    public OutputLog Log { get; } = new();

    /// <summary>Bytes the log keeps for late joiners even when every sink has them (the largest <c>replay</c>).</summary>
    public long RetainForReplay { get; set; }

    /// <summary>Whether the frontend is paused because a blocking sink is behind.</summary>
    public bool FrontendPaused { get; private set; }

    /// <summary>The connected sinks.</summary>
    public IReadOnlyDictionary<TSink, SinkState> Sinks => _sinks;

    /// <summary>Connects a sink at the live position, or <see cref="SinkOptions.Replay"/> bytes back.</summary>
    public SinkState Add(TSink sink, SinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var start = Math.Max(Log.Tail, Log.Head - Math.Max(0, options.Replay));
        var state = new SinkState(options, start);
        _sinks.Add(sink, state);
        _lowestAcked.Add(state.Acked);
        if (options.Policy == OverflowPolicy.Block)
            _lowestBlockingAcked.Add(state.Acked);
        Pump(sink, state);
        Settle();
        return state;
    }

    /// <summary>Disconnects a sink: it holds nothing up from now on.</summary>
    public bool Remove(TSink sink)
    {
        if (!_sinks.Remove(sink, out var state))
            return false;
        Forget(state);
        Settle();
        return true;
    }

    private void Forget(SinkState state)
    {
        Log.Unpool(InFlightSinceSkip(state), state.Sent); // its port may still be writing what it was sent
        _lowestAcked.Remove(state.Acked);
        if (state.Options.Policy == OverflowPolicy.Block)
            _lowestBlockingAcked.Remove(state.Acked);
        if (state.BehindSince is not null)
            _behindCount--;
    }

    /// <summary>Moves a sink's cursors, keeping the minima up to date.</summary>
    private void MoveTo(SinkState state, long sent, long inFlight)
    {
        var oldAcked = state.Acked;
        state.Sent = sent;
        state.InFlight = inFlight;
        _lowestAcked.Moved(oldAcked, state.Acked);
        if (state.Options.Policy == OverflowPolicy.Block)
            _lowestBlockingAcked.Moved(oldAcked, state.Acked);
    }

    /// <summary>Appends frontend output and sends it on to every sink that has room.</summary>
    public void Append(ReadOnlyMemory<byte> data)
    {
        if (data.IsEmpty)
            return;
        Log.Append(data);
        var now = _time.GetUtcNow();
        foreach (var (sink, state) in _sinks)
        {
            if (state.Options.Policy == OverflowPolicy.Drop)
                SkipIfBehind(sink, state);
            Pump(sink, state);
            if (state.Options.Policy == OverflowPolicy.Disconnect)
                TrackBehind(sink, state, now);
        }
        Settle();
    }

    /// <summary>A sink wrote <paramref name="bytes"/> of what it was sent.</summary>
    public void Acknowledge(TSink sink, long bytes)
    {
        if (!_sinks.TryGetValue(sink, out var state))
            return; // late acknowledgement from a sink that was removed
        MoveTo(state, state.Sent, Math.Max(0, state.InFlight - bytes));
        state.Delivered += bytes;
        Pump(sink, state);
        if (state.Options.Policy == OverflowPolicy.Disconnect)
            TrackBehind(sink, state, _time.GetUtcNow());
        Settle();
    }

    /// <summary>Closes disconnect-policy sinks that have been behind for longer than their stall timeout.</summary>
    public void CheckStalls()
    {
        var now = _time.GetUtcNow();
        foreach (var (sink, state) in _sinks)
        {
            if (state.BehindSince is { } since && now - since >= state.Options.StallTimeout)
                _evicted.Add((sink, $"stalled: {state.LagBehind(Log.Head)} bytes behind for more than {state.Options.StallTimeout.TotalSeconds:0.###} s"));
        }
        Settle();
    }

    /// <summary>When <see cref="CheckStalls"/> should run next, or <c>null</c> if no sink is behind.</summary>
    public DateTimeOffset? NextStallDeadline
    {
        get
        {
            if (_behindCount == 0)
                return null; // the common case, checked on every chunk: no scan
            DateTimeOffset? next = null;
            foreach (var state in _sinks.Values)
            {
                if (state.BehindSince is { } since && (next is null || since + state.Options.StallTimeout < next))
                    next = since + state.Options.StallTimeout;
            }
            return next;
        }
    }

    /// <summary>
    /// Sends what fits the sink's window. The log is never trimmed past a sink's Acked, so its cursor never falls
    /// behind the tail (the fan-out model test checks this after every step).
    /// </summary>
    private void Pump(TSink sink, SinkState state)
    {
        while (state.InFlight < Settings.Window && state.Sent < Log.Head)
        {
            var data = Log.Read(state.Sent, Settings.Window - state.InFlight);
            if (data.IsEmpty)
                break;
            var written = _actions.Send(sink, state.Sent, data);
            state.Delivered += written;
            MoveTo(state, state.Sent + data.Length, state.InFlight + data.Length - written);
        }
    }

    private void SkipIfBehind(TSink sink, SinkState state)
    {
        var unsent = Log.Head - state.Sent;
        if (unsent <= Settings.HighWater)
            return;
        RecordDrop(sink, state, unsent);
        SkipTo(state, Log.Head);
    }

    /// <summary>
    /// Moves a sink's cursor past bytes it will not get. Its Acked moves on too, past bytes it may still be writing,
    /// which must then not go back to their slabs.
    /// </summary>
    private void SkipTo(SinkState state, long sent)
    {
        Log.Unpool(InFlightSinceSkip(state), state.Sent);
        MoveTo(state, sent, state.InFlight);
        state.SkippedTo = sent;
    }

    /// <summary>
    /// Where the bytes in flight to a sink start, among those sent since its last skip. Acknowledgements come in order,
    /// so what is in flight is the last <see cref="SinkState.InFlight"/> bytes sent; any sent before the last skip were
    /// unpooled by that skip.
    /// </summary>
    private static long InFlightSinceSkip(SinkState state) => Math.Max(state.SkippedTo, state.Acked);

    private void RecordDrop(TSink sink, SinkState state, long bytes)
    {
        state.Dropped += bytes;
        state.DropEvents++;
        _actions.Dropped(sink, bytes);
        if (state.Options.MarkDrops)
            _actions.Notice(sink, $"\r\n[muxactors: {bytes} bytes dropped]\r\n");
    }

    private void TrackBehind(TSink sink, SinkState state, DateTimeOffset now)
    {
        var lag = state.LagBehind(Log.Head);
        if (lag > Settings.MaxLag)
        {
            _evicted.Add((sink, $"fell {lag} bytes behind (max-lag is {Settings.MaxLag})"));
        }
        else if (lag >= Settings.HighWater)
        {
            if (state.BehindSince is null)
                _behindCount++;
            state.BehindSince ??= now;
        }
        else if (state.BehindSince is not null)
        {
            state.BehindSince = null;
            _behindCount--;
        }
    }

    private IEnumerable<long> BlockingAcked()
    {
        foreach (var state in _sinks.Values)
        {
            if (state.Options.Policy == OverflowPolicy.Block)
                yield return state.Acked;
        }
    }

    /// <summary>Applies evictions, the block policy's pause/resume and log trimming after any change.</summary>
    private void Settle()
    {
        foreach (var (sink, reason) in _evicted)
        {
            if (_sinks.Remove(sink, out var state))
            {
                Forget(state);
                _actions.Disconnect(sink, reason);
            }
        }
        _evicted.Clear();

        // Amortized O(1): the minima are maintained as cursors move, not rescanned per acknowledgement.
        var slowestAcked = _lowestBlockingAcked.Get(_blockingAcked);
        var worstBlocking = slowestAcked == long.MaxValue ? 0 : Log.Head - slowestAcked;
        // Trimmed only once every sink has written it: a trimmed pooled chunk goes back to its slab.
        var tail = Math.Min(Log.Head - RetainForReplay, _lowestAcked.Get(_allAcked));
        if (!FrontendPaused && worstBlocking >= Settings.HighWater)
        {
            FrontendPaused = true;
            _actions.PauseFrontend();
        }
        else if (FrontendPaused && worstBlocking <= Settings.LowWater)
        {
            FrontendPaused = false;
            _actions.ResumeFrontend();
        }
        Log.TrimTo(tail);
    }
}
