namespace MuxActors.Actors;

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

/// <summary>
/// A supervisor strategy that restarts failing children after an exponential backoff (see <see cref="BackoffOptions"/>).
/// The child stays suspended during the delay; messages sent meanwhile wait in its mailbox.
/// </summary>
public sealed class BackoffSupervisorStrategy : SupervisorStrategy
{
    private readonly Func<double> _random;

    /// <summary>Creates the strategy.</summary>
    /// <param name="options">The delays.</param>
    /// <param name="maxRetries">Restarts in a row before the child is stopped; negative for no limit.</param>
    /// <param name="decider">Exception to directive; a <see cref="Directive.Restart"/> is delayed by backoff.</param>
    /// <param name="random">Source of jitter in [0, 1); default <see cref="Random.Shared"/>. Inject for deterministic tests.</param>
    public BackoffSupervisorStrategy(BackoffOptions options, int maxRetries = -1,
        Func<Exception, Directive>? decider = null, Func<double>? random = null)
        : base(decider)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        MaxRetries = maxRetries;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>The delays.</summary>
    public BackoffOptions Options { get; }

    /// <summary>Restarts in a row allowed before stopping; negative for no limit.</summary>
    public int MaxRetries { get; }

    /// <inheritdoc />
    public override SupervisionDecision Decide(ChildRestartStats stats, Exception cause, TimeProvider time)
    {
        var directive = Decider(cause);
        if (directive != Directive.Restart)
            return new(directive, TimeSpan.Zero);
        var now = time.GetUtcNow();
        if (stats.LastBackoffRestart is { } last && now - last >= Options.EffectiveResetAfter)
            stats.BackoffAttempt = 0; // it ran long enough: treat this as a fresh failure
        if (MaxRetries >= 0 && stats.BackoffAttempt >= MaxRetries)
            return new(Directive.Stop, TimeSpan.Zero);
        var delay = Options.DelayFor(stats.BackoffAttempt, _random());
        stats.BackoffAttempt++;
        stats.LastBackoffRestart = now + delay;
        return new(Directive.Restart, delay);
    }
}
