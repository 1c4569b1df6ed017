using Xunit.Abstractions;

namespace MuxActors.Chaos.Tests;

/// <summary>
/// The chaos suite's short profile (about two minutes in all): each scenario runs against the real service and the
/// test fails with the tool's findings. One class, so the scenarios run one after another, never two at once.
/// </summary>
public sealed class ShortProfileTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("churn")]
    [InlineData("restarts")]
    [InlineData("reloads")]
    [InlineData("stop")]
    [InlineData("hostile")]
    public async Task Scenario_passes_against_the_real_service(string scenario)
    {
        var report = await ChaosSuite.RunAsync(scenario, Profile.Short);
        output.WriteLine(report.ToString());
        Assert.True(report.Findings.Count == 0, $"{report.Name}: {string.Join("\n", report.Findings)}");
    }

    [Fact]
    public void Every_scenario_of_the_tool_is_run_here()
    {
        var tested = typeof(ShortProfileTests).GetMethod(nameof(Scenario_passes_against_the_real_service))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>().Select(a => (string)a.GetData(null!).First()[0]);
        Assert.Equal(ChaosSuite.Names.Order(), tested.Order());
    }
}
