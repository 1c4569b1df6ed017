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
        var values = text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(' '))
            .Where(f => f.Length == 2).ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture));
        try
        {
            return new RuntimeCounters((long)values["dotnet_gc_collections_total{generation=\"0\"}"],
                (long)values["dotnet_gc_collections_total{generation=\"1\"}"], (long)values["dotnet_gc_collections_total{generation=\"2\"}"],
                values["dotnet_gc_pause_seconds_total"], (long)values["dotnet_gc_allocated_bytes_total"],
                (long)values["dotnet_jit_compiled_methods_total"], values["dotnet_jit_compilation_seconds_total"]);
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }
}
