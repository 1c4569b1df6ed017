namespace MuxActors.Vnc.Rfb;

/// <summary>
/// Paces one viewer's updates: at least <see cref="RfbOptions.MinUpdateInterval"/> apart and, while the screen changes
/// faster than the viewers can follow, within <see cref="RfbOptions.UpdateCpuShare"/> of one core for all viewers
/// together. Each update adds its cost (drawing, copying, encoding) times the number of viewers over the share to a
/// debt that time pays back; the next update waits only for the debt beyond a burst allowance. So an update after a
/// quiet spell (a keystroke's echo, even right after a whole new screen) goes at once, and a flood of output costs a
/// bounded share of the cores instead of starving the console it shows.
/// </summary>
internal sealed class UpdatePacer(RfbOptions options)
{
    private static readonly TimeSpan Burst = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(500);   // a viewer still sees a flood move
    private long _last;
    private TimeSpan _debt;

    /// <summary>How long the next update should wait; <paramref name="flooding"/> when output floods (see <see cref="RfbOptions.FloodUpdateInterval"/>).</summary>
    public TimeSpan Wait(bool flooding = false)
    {
        if (_last == 0)
            return TimeSpan.Zero;
        TimeSpan since = options.Time.GetElapsedTime(_last);
        TimeSpan interval = flooding ? Max(options.MinUpdateInterval, options.FloodUpdateInterval) : options.MinUpdateInterval;
        TimeSpan wait = Max(interval - since, _debt - since - Burst);
        return wait < MaxWait ? wait : MaxWait;
    }

    /// <summary>When an update starts being made.</summary>
    public long Start() => options.Time.GetTimestamp();

    /// <summary>An update started at <paramref name="start"/> is written, with <paramref name="viewers"/> viewers connected.</summary>
    public void Written(long start, int viewers)
    {
        long now = options.Time.GetTimestamp();
        TimeSpan cost = options.Time.GetElapsedTime(start, now);
        TimeSpan paid = _last == 0 ? TimeSpan.Zero : options.Time.GetElapsedTime(_last, now);
        TimeSpan owed = options.UpdateCpuShare > 0 ? cost * (Math.Max(1, viewers) / options.UpdateCpuShare) : TimeSpan.Zero;
        _debt = Max(TimeSpan.Zero, _debt - paid) + owed;
        _last = now;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
