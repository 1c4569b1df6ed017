// End-to-end comparison of MuxActors with socat and ser2net (see docs/benchmarks.md for the figures). With `vnc` as
// the first argument it runs the vc benchmark instead (Vnc/VncBench.cs, run-vnc-benchmark.sh).
//
//   dotnet run -c Release --project tests/MuxActors.LoadTest -- [--scenarios S1,S2,...] [--scale 1.0] [--output FILE]
//                                                              [--peers socat,ser2net,direct|none]  (default: all)
//                                                              [--mux-options 'output { high-water = 64KiB }']
//                                                              [--rounds 5]  (S1 to S4 take turns this many times)
//
// It builds nothing itself: muxactors.dll is copied next to the tool by its project reference and started as
// `dotnet muxactors.dll --config <generated>`. socat and ser2net are installed with apt-get when missing.
// tests/MuxActors.LoadTest/run-comparison.sh sets the file limits, builds once and runs everything.
// MUXACTORS_LOADTEST_DLL=path/to/muxactors.dll measures another build of the service (to compare a change).
using System.Globalization;
using MuxActors.LoadTest;

if (args is [MuxActors.LoadTest.Vnc.VncBench.Flag, .. var vncArgs])
    return await MuxActors.LoadTest.Vnc.VncBench.RunAsync(vncArgs); // the vc benchmark (run-vnc-benchmark.sh)
if (args is [FanoutFloor.Flag, var floorVm, var floorClient])
    return FanoutFloor.Run(floorVm, floorClient); // S6's floor, started by the tool itself

var scenarios = Scenarios.All.ToList();
var scale = 1.0;
var output = Path.Combine("docs", "benchmarks-e2e.md");
var peers = Scenarios.AllPeers.ToHashSet();
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--scenarios" when value is not null:
            scenarios = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant())];
            i++;
            break;
        case "--scale" when value is not null && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0:
            scale = s;
            i++;
            break;
        case "--peers" when value is not null:
            peers = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(p => p != "none")];
            i++;
            break;
        case "--mux-options" when value is not null:
            Relays.ExtraMuxOptions = value;
            i++;
            break;
        case "--service-options" when value is not null:
            Relays.ExtraServiceOptions = value;
            i++;
            break;
        case "--rounds" when value is not null && int.TryParse(value, CultureInfo.InvariantCulture, out var r) && r > 0:
            Scenarios.Rounds = r;
            i++;
            break;
        case "--output" when value is not null:
            output = value;
            i++;
            break;
        case "-h" or "--help":
            Console.WriteLine("usage: MuxActors.LoadTest [--scenarios S1,S2,S3,S4,S5,S6] [--scale 1.0] [--output docs/benchmarks-e2e.md] [--peers socat,ser2net,direct|none] [--mux-options HOCON] [--service-options HOCON] [--rounds 5]");
            return 0;
        default:
            Console.Error.WriteLine($"unknown or incomplete argument '{args[i]}' (try --help)");
            return 2;
    }
}
var unknown = scenarios.Except(Scenarios.All).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"unknown scenario(s): {string.Join(", ", unknown)} (known: {string.Join(", ", Scenarios.All)})");
    return 2;
}

Peers.EnsureInstalled();
foreach (var note in Peers.Notes)
    Console.WriteLine(note);
var command = Environment.GetEnvironmentVariable("MUXACTORS_LOADTEST_COMMAND")
    ?? "dotnet run -c Release --project tests/MuxActors.LoadTest -- " + string.Join(' ', args);
var report = new Report(output, command, scale, Machine.Describe());
var runner = new Scenarios(scale, peers);
Console.WriteLine($"MuxActors load test: {string.Join(",", scenarios)} at scale {scale.ToString(CultureInfo.InvariantCulture)}; open files {Proc.SoftNoFileLimit()}; report: {output}");
foreach (var id in scenarios)
{
    var section = await runner.RunAsync(id);
    section.Notes.InsertRange(0, Peers.Notes.Select(n => "peers: " + n).Where(_ => id == scenarios[0]));
    report.Add(section);
}
report.Write();
Console.WriteLine($"wrote {output}");
return 0;
