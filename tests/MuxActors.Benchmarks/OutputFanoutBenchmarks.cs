using BenchmarkDotNet.Attributes;
using MuxActors.Core.Output;

namespace MuxActors.Benchmarks;

/// <summary>
/// The output hot path without I/O or actors: frontend output appended once to the <see cref="OutputLog"/> and sent
/// to every sink, each sink then acknowledging what it was sent, as the mux drives <see cref="OutputFanout{TSink}"/>.
/// One operation is one append plus one acknowledgement per sink. <see cref="AppendAndAcknowledgeAsTheMuxDoes"/> adds
/// what <c>MuxSupervisor.OnData</c> does per chunk besides (<c>ScheduleStallCheck</c> reads
/// <see cref="OutputFanout{TSink}.NextStallDeadline"/>).
/// </summary>
[MemoryDiagnoser]
public class OutputFanoutBenchmarks
{
    private const int Appends = 1024;
    private const int BufferBytes = 4 << 20;
    private OutputFanout<int> _fanout = null!;
    private CountingActions _actions = null!;
    private ReadOnlyMemory<byte>[] _chunks = [];

    /// <summary>Connected sinks (backend ports).</summary>
    [Params(16, 256)]
    public int Sinks { get; set; }

    /// <summary>Bytes per append (one frontend read): a keystroke echo, a line burst, a full 64 KiB read.</summary>
    [Params(64, 4096, 65536)]
    public int ChunkBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _actions = new CountingActions(Sinks);
        _fanout = new OutputFanout<int>(OutputSettings.Default, _actions, TimeProvider.System);
        for (var sink = 0; sink < Sinks; sink++)
            _fanout.Add(sink, SinkOptions.Default);
        // Chunks are slices of one buffer, as the read loop's slabs are; the log trims them as sinks acknowledge.
        var buffer = new byte[BufferBytes];
        new Random(1).NextBytes(buffer);
        _chunks = Enumerable.Range(0, BufferBytes / ChunkBytes).Select(i => (ReadOnlyMemory<byte>)buffer.AsMemory(i * ChunkBytes, ChunkBytes)).ToArray();
    }

    [Benchmark(OperationsPerInvoke = Appends)]
    public void AppendAndAcknowledge()
    {
        for (var i = 0; i < Appends; i++)
        {
            _fanout.Append(_chunks[i % _chunks.Length]);
            AcknowledgeAll();
        }
    }

    [Benchmark(OperationsPerInvoke = Appends)]
    public DateTimeOffset? AppendAndAcknowledgeAsTheMuxDoes()
    {
        DateTimeOffset? deadline = null;
        for (var i = 0; i < Appends; i++)
        {
            _fanout.Append(_chunks[i % _chunks.Length]);
            deadline = _fanout.NextStallDeadline;
            AcknowledgeAll();
        }
        return deadline;
    }

    private void AcknowledgeAll()
    {
        var pending = _actions.Pending;
        for (var sink = 0; sink < pending.Length; sink++)
        {
            var bytes = pending[sink];
            if (bytes == 0)
                continue;
            pending[sink] = 0;
            _fanout.Acknowledge(sink, bytes);
        }
    }

    /// <summary>Sinks that write at once: each send is acknowledged in full right after the append.</summary>
    private sealed class CountingActions(int sinks) : IFanoutActions<int>
    {
        public long[] Pending { get; } = new long[sinks];

        public int Send(int sink, long offset, ReadOnlyMemory<byte> data)
        {
            Pending[sink] += data.Length;
            return 0;
        }

        public void Notice(int sink, string text) { }

        public void Disconnect(int sink, string reason) { }

        public void PauseFrontend() { }

        public void ResumeFrontend() { }
    }
}
