namespace MuxActors.Core.Output;

/// <summary>
/// The output path of one mux as plain logic, with no I/O: frontend output is appended once to an
/// <see cref="OutputLog"/>; each sink has a cursor and a window of bytes in flight; the per-sink
/// <see cref="OverflowPolicy"/> decides what happens when a sink falls behind. The owner (the mux actor) performs
/// the resulting <see cref="IFanoutActions{TSink}"/>. Not thread-safe.
/// </summary>
public sealed class OutputFanout<TSink> where TSink : notnull
{
    private readonly Dictionary<TSink, SinkState> _sinks = [];
    private readonly IFanoutActions<TSink> _actions;
    private readonly TimeProvider _time;
    private readonly List<(TSink Sink, string Reason)> _evicted = [];

    /// <summary>Creates the fan-out.</summary>
    public OutputFanout(OutputSettings settings, IFanoutActions<TSink> actions, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Settings = settings;
        _actions = actions;
        _time = time;
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
        Pump(sink, state);
        Settle();
        return state;
    }

    /// <summary>Disconnects a sink: it holds nothing up from now on.</summary>
    public bool Remove(TSink sink)
    {
        if (!_sinks.Remove(sink))
            return false;
        Settle();
        return true;
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
        state.InFlight = Math.Max(0, state.InFlight - bytes);
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
    public DateTimeOffset? NextStallDeadline =>
        _sinks.Values.Where(s => s.BehindSince is not null).Select(s => s.BehindSince!.Value + s.Options.StallTimeout)
            .DefaultIfEmpty().Min() is { } d && d != default ? d : null;

    private void Pump(TSink sink, SinkState state)
    {
        if (state.Sent < Log.Tail)
        {
            // Only a drop sink can be overtaken by trimming; it skips what is gone.
            RecordDrop(sink, state, Log.Tail - state.Sent);
            state.Sent = Log.Tail;
        }
        while (state.InFlight < Settings.Window && state.Sent < Log.Head)
        {
            var data = Log.Read(state.Sent, Settings.Window - state.InFlight);
            if (data.IsEmpty)
                break;
            _actions.Send(sink, state.Sent, data);
            state.Sent += data.Length;
            state.InFlight += data.Length;
        }
    }

    private void SkipIfBehind(TSink sink, SinkState state)
    {
        var unsent = Log.Head - state.Sent;
        if (unsent <= Settings.HighWater)
            return;
        RecordDrop(sink, state, unsent);
        state.Sent = Log.Head;
    }

    private void RecordDrop(TSink sink, SinkState state, long bytes)
    {
        state.Dropped += bytes;
        state.DropEvents++;
        if (state.Options.MarkDrops)
            _actions.Notice(sink, $"\r\n[muxactors: {bytes} bytes dropped]\r\n");
    }

    private void TrackBehind(TSink sink, SinkState state, DateTimeOffset now)
    {
        var lag = state.LagBehind(Log.Head);
        if (lag > Settings.MaxLag)
            _evicted.Add((sink, $"fell {lag} bytes behind (max-lag is {Settings.MaxLag})"));
        else if (lag >= Settings.HighWater)
            state.BehindSince ??= now;
        else
            state.BehindSince = null;
    }

    /// <summary>Applies evictions, the block policy's pause/resume and log trimming after any change.</summary>
    private void Settle()
    {
        foreach (var (sink, reason) in _evicted)
        {
            if (_sinks.Remove(sink))
                _actions.Disconnect(sink, reason);
        }
        _evicted.Clear();

        long worstBlocking = 0;
        var tail = Log.Head - RetainForReplay;
        foreach (var state in _sinks.Values)
        {
            if (state.Options.Policy == OverflowPolicy.Block)
                worstBlocking = Math.Max(worstBlocking, state.LagBehind(Log.Head));
            tail = Math.Min(tail, state.Sent);
        }
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
