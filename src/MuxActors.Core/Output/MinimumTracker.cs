namespace MuxActors.Core.Output;

/// <summary>
/// The minimum of a set of positions that only move forward, kept in amortized O(1): it counts how many members sit
/// at the minimum and rescans only when the last of them moves on or leaves. In a broadcast every sink advances in
/// turn, so a rescan happens about once per round instead of once per acknowledgement.
/// </summary>
internal sealed class MinimumTracker
{
    private long _minimum = long.MaxValue;
    private int _atMinimum;
    private bool _stale;

    public void Add(long position)
    {
        if (_stale)
            return;
        if (position < _minimum)
            (_minimum, _atMinimum) = (position, 1);
        else if (position == _minimum)
            _atMinimum++;
    }

    public void Remove(long position)
    {
        if (!_stale && position == _minimum && --_atMinimum == 0)
            _stale = true;
    }

    /// <summary>A member moved forward from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public void Moved(long from, long to)
    {
        if (from == to)
            return;
        Remove(from);
        Add(to);
    }

    /// <summary>The minimum, or <see cref="long.MaxValue"/> when empty; <paramref name="rescan"/> is called only when stale.</summary>
    public long Get(Func<IEnumerable<long>> rescan)
    {
        if (_stale)
        {
            (_minimum, _atMinimum, _stale) = (long.MaxValue, 0, false);
            foreach (var position in rescan())
                Add(position);
        }
        return _minimum;
    }
}
