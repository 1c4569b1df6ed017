using System.Globalization;
using MuxActors.Chaos;

// Usage: MuxActors.Chaos [--minutes N] [--seed N] [--scenario NAME]...
// Without --minutes: the short profile (about two minutes). Prints a markdown report; exits 1 on any finding.
var minutes = 0.0;
var seed = 20;
var only = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--minutes" when i + 1 < args.Length:
            minutes = double.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--seed" when i + 1 < args.Length:
            seed = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--scenario" when i + 1 < args.Length:
            only.Add(args[++i]);
            break;
        default:
            Console.Error.WriteLine($"usage: MuxActors.Chaos [--minutes N] [--seed N] [--scenario {string.Join('|', ChaosSuite.Names)}]...");
            return 2;
    }
}
var profile = minutes > 0 ? Profile.ForMinutes(minutes, seed) : Profile.Short with { Seed = seed };
Console.WriteLine($"# MuxActors chaos run: {(minutes > 0 ? $"{minutes} minute profile" : "short profile")}, seed {seed}, started {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine($"{Environment.ProcessorCount} cores; {profile}");
var failed = 0;
foreach (var name in only.Count > 0 ? only : ChaosSuite.Names)
{
    ScenarioReport report;
    try
    {
        report = await ChaosSuite.RunAsync(name, profile);
    }
    catch (Exception ex) // a scenario that could not go on: its exception is the finding
    {
        report = new ScenarioReport(name);
        report.Fail(ex.ToString());
    }
    Console.WriteLine();
    Console.WriteLine(report);
    failed += report.Findings.Count > 0 ? 1 : 0;
}
Console.WriteLine();
Console.WriteLine(failed == 0 ? "every scenario passed" : $"{failed} scenario(s) with findings");
return failed == 0 ? 0 : 1;
