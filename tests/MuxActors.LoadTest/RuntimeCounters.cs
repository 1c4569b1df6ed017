using System.Globalization;

namespace MuxActors.LoadTest;

/// <summary>
/// The service's garbage-collector and JIT counters from its <c>/metrics</c>, read before and after a measured run
/// (and during S3's warm-up, which lasts until the JIT has nearly stopped compiling).
/// </summary>
internal sealed record RuntimeCounters(long Gen0, long Gen1, long Gen2, double PauseSeconds, long AllocatedBytes, long JitMethods, double JitSeconds)
{
    public static RuntimeCounters? operator -(RuntimeCounters? after, RuntimeCounters? before) => after is null || before is null ? null :
        new(after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2,
            after.PauseSeconds - before.PauseSeconds, after.AllocatedBytes - before.AllocatedBytes, after.JitMethods - before.JitMethods,
            after.JitSeconds - before.JitSeconds);

    /// <summary>For the details: collections per generation (counted once, in the highest), pause, allocations, JIT compilations.</summary>
    public override string ToString() =>
        Fmt.I($"{Gen0 - Gen1}/{Gen1 - Gen2}/{Gen2}, {PauseSeconds * 1000:0.0} ms, {AllocatedBytes / 1e6:0} MB allocated, {JitMethods} methods compiled in {JitSeconds * 1000:0} ms");

    /// <summary>Reads the counters over the management socket; null when it does not answer (never fails a run).</summary>
    public static async Task<RuntimeCounters?> ReadAsync(string socketPath)
    {
        if (await ManagementClient.GetAsync(socketPath, "/metrics") is not { } text)
            return null;
        // "name{labels} value": the .NET runtime's System.Runtime meter through the Prometheus exporter, keyed here by
        // the name and the GC generation (the other labels, such as otel_scope_name, are left out).
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var fields in text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(' ')).Where(f => f.Length >= 2))
        {
            var name = fields[0].Split('{')[0];
            var generation = fields[0].Split("gc_heap_generation=\"") is [_, var rest] ? rest.Split('"')[0] : null;
            values[generation is null ? name : name + "/" + generation] = double.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        try
        {
            // dotnet.gc.collections counts each collection in its own generation only; this record counts a gen2
            // collection in gen1 and gen0 too, as GC.CollectionCount does.
            var gen2 = (long)values[Gc("gen2")];
            var gen1 = (long)values[Gc("gen1")] + gen2;
            var gen0 = (long)values[Gc("gen0")] + gen1;
            return new RuntimeCounters(gen0, gen1, gen2, values["dotnet_gc_pause_time_seconds_total"],
                (long)values["dotnet_gc_heap_total_allocated_bytes_total"], (long)values["dotnet_jit_compiled_methods_total"],
                values["dotnet_jit_compilation_time_seconds_total"]);
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }

    private static string Gc(string generation) => "dotnet_gc_collections_total/" + generation;
}
