namespace MuxActors.Core.Supervision;

/// <summary>
/// Exponential backoff: attempt <c>n</c> (from 0) waits <c>min(max, min·2^n)·(1 + random·factor)</c>, with
/// <c>random</c> uniform in [0, 1). After the child has run for <see cref="ResetAfter"/> without failing, the
/// attempt count starts again from 0.
/// </summary>
/// <param name="MinBackoff">The first delay.</param>
/// <param name="MaxBackoff">The cap before jitter.</param>
/// <param name="RandomFactor">Jitter factor, 0 for none (0.2 adds up to 20%).</param>
/// <param name="ResetAfter">Stable time after which the sequence restarts; <c>null</c> means <see cref="MaxBackoff"/>.</param>
public sealed record BackoffOptions(TimeSpan MinBackoff, TimeSpan MaxBackoff, double RandomFactor = 0.2, TimeSpan? ResetAfter = null)
{
    /// <summary>The stable period that resets the sequence.</summary>
    public TimeSpan EffectiveResetAfter => ResetAfter ?? MaxBackoff;

    /// <summary>The delay for attempt <paramref name="attempt"/> (0-based) given a uniform <paramref name="random"/> in [0, 1).</summary>
    public TimeSpan DelayFor(int attempt, double random)
    {
        if (MinBackoff <= TimeSpan.Zero)
            return TimeSpan.Zero;
        // Cap the exponent before multiplying so large attempt counts cannot overflow.
        var exponent = Math.Min(attempt, 62);
        var scaled = MinBackoff.Ticks * Math.Pow(2, exponent);
        var capped = Math.Min(MaxBackoff.Ticks, scaled);
        var jittered = capped * (1 + random * RandomFactor);
        return TimeSpan.FromTicks((long)Math.Min(jittered, TimeSpan.MaxValue.Ticks / 2));
    }

    /// <summary>Throws <see cref="ArgumentException"/> when the values make no sense.</summary>
    public void Validate()
    {
        if (MinBackoff < TimeSpan.Zero) throw new ArgumentException($"min-backoff must not be negative (was {MinBackoff}).");
        if (MaxBackoff < MinBackoff) throw new ArgumentException($"max-backoff ({MaxBackoff}) must not be less than min-backoff ({MinBackoff}).");
        if (RandomFactor is < 0 or > 10 || double.IsNaN(RandomFactor)) throw new ArgumentException($"random-factor must be between 0 and 10 (was {RandomFactor}).");
    }
}
