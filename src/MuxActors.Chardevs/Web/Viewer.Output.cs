using System.Net.WebSockets;
using MuxActors.Core.Output;

namespace MuxActors.Chardevs.Web;

// The output side of a page: its queue, the window of unacknowledged bytes, the overflow policy and the send loop.
internal sealed partial class Viewer
{
    /// <summary>
    /// Replaces whatever is queued with the screen: on join, and for a page that dropped output (see
    /// <see cref="PaceScreens"/>). Under the hub's lock, so the screen and the output after it are in order.
    /// </summary>
    public void StartWith(byte[] snapshot)
    {
        lock (_lock)
        {
            _queue.Clear();
            _queued = 0;
            _behindSince = null;
            if (_screensOnly)
                PaceScreens();
            _queue.Enqueue((WebFrames.Screen, snapshot));
            _queued = snapshot.Length;
        }
        Wake();
    }

    /// <summary>
    /// A page that fell behind under <c>drop</c> gets screens instead of output: one every <see cref="ScreenInterval"/>
    /// while the console floods, or as soon as it has been quiet for <see cref="QuietAfter"/>, until the console has
    /// slowed to what any page keeps up with. Streaming again at once would only fill the page up again, and a tab that
    /// redraws a flood as fast as it can takes the CPU of the machine it runs on, the console's too when they share it.
    /// Under the viewer's lock, when a screen is taken.
    /// </summary>
    private void PaceScreens()
    {
        var now = _hub.Time.GetTimestamp();
        if (!_firstScreen && _droppedSinceScreen <= StreamAgainBelow * _hub.Time.GetElapsedTime(_screenAt, now).TotalSeconds)
            _screensOnly = false;
        _firstScreen = false;
        _droppedSinceScreen = 0;
        _screenAt = now;
    }

    /// <summary>How long until a page that gets screens is due its next one; zero when due.</summary>
    private TimeSpan UntilNextScreen()
    {
        if (_firstScreen || Volatile.Read(ref _stopping))
            return TimeSpan.Zero;
        var now = _hub.Time.GetTimestamp();
        var left = ScreenInterval - _hub.Time.GetElapsedTime(_screenAt, now);
        if (_droppedSinceScreen > 0)
        {
            var quiet = QuietAfter - _hub.Time.GetElapsedTime(_droppedAt, now);
            if (quiet < left)
                left = quiet;
        }
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>
    /// Whether the page still gets screens only: one that was sent the current screen (nothing skipped since) and is
    /// due another takes output again. Under the viewer's lock.
    /// </summary>
    private bool StillOnScreens()
    {
        if (_screensOnly && _droppedSinceScreen == 0 && UntilNextScreen() == TimeSpan.Zero)
            _screensOnly = false;
        return _screensOnly;
    }

    /// <summary>Console output for this page; never waits. Under the hub's lock, so every page sees the same order.</summary>
    public void Output(byte[] chunk, OverflowPolicy policy, TimeSpan stallTimeout)
    {
        lock (_lock)
        {
            if (_endReason is not null)
            {
                Dropped += chunk.Length;
                return;
            }
            if (StillOnScreens())
            {
                Dropped += chunk.Length;
                var first = _droppedSinceScreen == 0;
                _droppedSinceScreen += chunk.Length; // the send loop looks at it when the next screen is due
                _droppedAt = _hub.Time.GetTimestamp();
                if (!first)
                    return; // the first since a screen wakes the loop, which times the next screen
            }
            else
            {
                _queue.Enqueue((WebFrames.Data, chunk));
                _queued += chunk.Length;
                if (_queued > Backlog)
                    FallenBehind(policy, stallTimeout);
            }
        }
        if (_endReason is not null)
            EndBehind();
        else
            Wake();
    }

    /// <summary>More than <see cref="Backlog"/> is queued: the policy decides. Under the viewer's lock.</summary>
    private void FallenBehind(OverflowPolicy policy, TimeSpan stallTimeout)
    {
        if (policy == OverflowPolicy.Drop)
        {
            Dropped += _queued;
            _droppedSinceScreen = _queued;
            _droppedAt = _hub.Time.GetTimestamp();
            _queue.Clear();
            _queued = 0;
            _screensOnly = true; // the current screen replaces what was skipped once the page has room again
            _firstScreen = true;
            return;
        }
        var now = _hub.Time.GetUtcNow();
        if (_behindSince is null)
        {
            _behindSince = now;
            _ = CloseIfStillBehindAsync(now, stallTimeout); // a console that goes quiet does not call here again
        }
        if (_queued > MaxBacklog || now - _behindSince >= stallTimeout)
            _endReason = StallReason(stallTimeout);
    }

    private static string StallReason(TimeSpan stallTimeout) =>
        $"more than {Backlog / 1024} KiB behind for {stallTimeout.TotalSeconds:0.#} s (on-overflow = disconnect)";

    /// <summary>Closes the page if it is still behind, and has been since <paramref name="since"/>, after the stall timeout.</summary>
    private async Task CloseIfStillBehindAsync(DateTimeOffset since, TimeSpan stallTimeout)
    {
        try
        {
            await Task.Delay(stallTimeout, _hub.Time, _end.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        lock (_lock)
        {
            if (_behindSince != since || _endReason is not null)
                return;
            _endReason = StallReason(stallTimeout);
        }
        EndBehind();
    }

    /// <summary>
    /// The send loop closes the page with the reason (cancelling a WebSocket's pending operation would abort it, and the
    /// page would never learn why); a page that does not even take the close frame is cut after 2 s.
    /// </summary>
    private void EndBehind()
    {
        Wake();
        _end.CancelAfter(TimeSpan.FromSeconds(2));
    }

    private async Task SendLoopAsync(CancellationToken token)
    {
        while (true)
        {
            await _wake.WaitAsync(token).ConfigureAwait(false);
            while (true)
            {
                byte[]? frame = null;
                lock (_lock)
                {
                    if (_endReason is not null)
                        break;
                    if (_clientPaused || _sent - _acked >= Window)
                        break;
                    if (_queue.Count > 0)
                        frame = TakeFrame();
                    else if (!StillOnScreens())
                        break;
                    else if (UntilNextScreen() is var wait && wait > TimeSpan.Zero)
                    {
                        _screenTimer ??= _hub.Time.CreateTimer(static viewer => ((Viewer)viewer!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                        _screenTimer.Change(wait, Timeout.InfiniteTimeSpan);
                        break;
                    }
                }
                if (frame is null)
                {
                    if (!_hub.Resync(this))
                        break; // the page has left; RunAsync ends the loop
                }
                else
                    await SendAsync(frame, token).ConfigureAwait(false);
            }
            if (_endReason is { } reason)
            {
                // The page answers with its own close, which ends the receive loop.
                await _socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, Truncate(reason), token).ConfigureAwait(false);
                return;
            }
            if (Volatile.Read(ref _stopping))
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, StopReason, token).ConfigureAwait(false);
                return;
            }
        }
    }

    /// <summary>
    /// The next frame: the screen alone, or data chunks joined up to one frame's size or what is left of the window
    /// (the first chunk goes whole). Under the viewer's lock.
    /// </summary>
    private byte[] TakeFrame()
    {
        var (type, first) = _queue.Dequeue();
        var length = first.Length;
        if (type == WebFrames.Data)
        {
            var limit = Math.Min(WebFrames.MaxOutgoingPayload, Window - (_sent - _acked));
            foreach (var (nextType, next) in _queue)
            {
                if (nextType != WebFrames.Data || length + next.Length > limit)
                    break;
                length += next.Length;
            }
        }
        var frame = new byte[length + 1];
        frame[0] = type;
        first.CopyTo(frame, 1);
        for (var at = 1 + first.Length; at < frame.Length;)
        {
            var (_, next) = _queue.Dequeue();
            next.CopyTo(frame, at);
            at += next.Length;
        }
        _queued -= length;
        _sent += length;
        if (_queued <= Backlog)
            _behindSince = null;
        return frame;
    }

    private void Wake()
    {
        if (_wake.CurrentCount > 0)
            return;
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // another thread woke it first
        }
    }
}
