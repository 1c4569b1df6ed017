using System.Diagnostics;
using System.Runtime;
using System.Text;

namespace MuxActors.Service.Management;

/// <summary>
/// The service process in <c>/metrics</c>, under the conventional <c>process_*</c> and <c>dotnet_*</c> names: CPU
/// time, resident memory, threads, the garbage collector's collections, pause time and allocations (what a busy
/// console costs beyond its bytes), and the JIT's compilations (a service whose hot paths are still being
/// recompiled at a higher tier is not yet at its steady speed).
/// </summary>
internal static class ProcessMetrics
{
    /// <summary>The exposition text for this process, read now.</summary>
    internal static string Render()
    {
        var text = new StringBuilder();
        using var process = Process.GetCurrentProcess();
        Sample(text, "process_cpu_seconds_total", "counter", "User and system CPU time of the service, in seconds.",
            process.TotalProcessorTime.TotalSeconds);
        Sample(text, "process_resident_memory_bytes", "gauge", "Resident memory of the service, in bytes.", process.WorkingSet64);
        Sample(text, "process_threads", "gauge", "Threads of the service.", process.Threads.Count);
        Sample(text, "process_start_time_seconds", "gauge", "When the service started, in seconds since the Unix epoch.",
            new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
        MetricsEndpoint.Family(text, "dotnet_gc_collections_total", "counter", "Garbage collections of each generation (a gen2 collection counts in gen0 and gen1 too).",
            Enumerable.Range(0, GC.MaxGeneration + 1).Select(g => ($"{{generation=\"{g}\"}}", (double)GC.CollectionCount(g))));
        Sample(text, "dotnet_gc_pause_seconds_total", "counter", "Time the runtime was paused for garbage collection, in seconds.",
            GC.GetTotalPauseDuration().TotalSeconds);
        Sample(text, "dotnet_gc_allocated_bytes_total", "counter", "Bytes allocated on the managed heap.", GC.GetTotalAllocatedBytes());
        Sample(text, "dotnet_gc_heap_bytes", "gauge", "Managed heap size after the last collection, in bytes.", GC.GetGCMemoryInfo().HeapSizeBytes);
        Sample(text, "dotnet_jit_compiled_methods_total", "counter", "Methods compiled by the JIT, including recompilations at a higher tier.",
            JitInfo.GetCompiledMethodCount());
        Sample(text, "dotnet_jit_compilation_seconds_total", "counter", "Time spent compiling methods, in seconds.",
            JitInfo.GetCompilationTime().TotalSeconds);
        return text.ToString();
    }

    private static void Sample(StringBuilder text, string name, string type, string help, double value) =>
        MetricsEndpoint.Family(text, name, type, help, [("", value)]);
}
