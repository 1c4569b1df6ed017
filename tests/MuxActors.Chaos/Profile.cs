namespace MuxActors.Chaos;

/// <summary>How long each scenario runs. The short profile (tests/run.sh) takes about two minutes in all.</summary>
public sealed record Profile(TimeSpan Churn, TimeSpan Restarts, TimeSpan Reloads, TimeSpan Hostile, int StopRounds, int Seed)
{
    /// <summary>About two minutes, every scenario covered.</summary>
    public static Profile Short { get; } = ForMinutes(1.5);

    /// <summary>A run of about <paramref name="minutes"/> minutes, shared out among the scenarios.</summary>
    public static Profile ForMinutes(double minutes, int seed = 20)
    {
        var total = TimeSpan.FromMinutes(minutes);
        return new Profile(total * 0.35, total * 0.2, total * 0.15, total * 0.2, Math.Max(2, (int)(minutes * 1.5)), seed);
    }
}
