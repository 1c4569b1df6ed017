using MuxActors.Chaos.Scenarios;

namespace MuxActors.Chaos;

/// <summary>The scenarios, by name, in the order a run takes them.</summary>
public static class ChaosSuite
{
    private static readonly Dictionary<string, Func<Profile, Task<ScenarioReport>>> Scenarios = new()
    {
        ["churn"] = ChurnScenario.RunAsync,
        ["restarts"] = RestartScenario.RunAsync,
        ["reloads"] = ReloadScenario.RunAsync,
        ["stop"] = StopScenario.RunAsync,
        ["hostile"] = HostileScenario.RunAsync,
    };

    public static IReadOnlyList<string> Names { get; } = [.. Scenarios.Keys];

    public static Task<ScenarioReport> RunAsync(string name, Profile profile) =>
        Scenarios.TryGetValue(name, out var run) ? run(profile) : throw new InvalidOperationException($"no scenario '{name}'; there are: {string.Join(", ", Names)}");
}
