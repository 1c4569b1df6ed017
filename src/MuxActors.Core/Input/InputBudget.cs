namespace MuxActors.Core.Input;

/// <summary>
/// The one shared budget of input bytes queued toward the frontend. Above <see cref="HighWater"/> every backend
/// stops reading (so socket flow control pushes back on clients); below <see cref="LowWater"/> they read again.
/// </summary>
public sealed class InputBudget
{
    /// <summary>Creates the budget.</summary>
    public InputBudget(long highWater, long lowWater)
    {
        if (highWater <= 0 || lowWater < 0 || lowWater >= highWater)
            throw new ArgumentException($"Input watermarks must satisfy 0 <= low-water ({lowWater}) < high-water ({highWater}).");
        HighWater = highWater;
        LowWater = lowWater;
    }

    /// <summary>The pause threshold.</summary>
    public long HighWater { get; }

    /// <summary>The resume threshold.</summary>
    public long LowWater { get; }

    /// <summary>Bytes sent to the frontend and not yet written by it.</summary>
    public long Queued { get; private set; }

    /// <summary>Whether backends are paused.</summary>
    public bool Paused { get; private set; }

    /// <summary>Counts bytes sent to the frontend; true when backends must now pause.</summary>
    public bool OnQueued(long bytes)
    {
        Queued += bytes;
        if (Paused || Queued < HighWater)
            return false;
        Paused = true;
        return true;
    }

    /// <summary>Counts bytes the frontend wrote; true when backends may now resume.</summary>
    public bool OnWritten(long bytes)
    {
        Queued = Math.Max(0, Queued - bytes);
        if (!Paused || Queued > LowWater)
            return false;
        Paused = false;
        return true;
    }

    /// <summary>The frontend went away with its queue: forget it; true when backends may now resume.</summary>
    public bool Reset()
    {
        Queued = 0;
        if (!Paused)
            return false;
        Paused = false;
        return true;
    }
}
