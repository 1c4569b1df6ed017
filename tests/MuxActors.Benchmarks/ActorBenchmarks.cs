using BenchmarkDotNet.Attributes;
using MuxActors.Actors;

namespace MuxActors.Benchmarks;

/// <summary>
/// Two actors bouncing messages. <see cref="InFlight"/> = 1 measures the hop latency bound (one message at a time);
/// larger values measure throughput when mailboxes batch. Each operation is one message delivery.
/// </summary>
[MemoryDiagnoser]
public class PingPongBenchmarks
{
    private const int Messages = 1_000_000;
    private ActorSystem _system = null!;
    private IActorRef _ping = null!;
    private IActorRef _pong = null!;
    private Counter _counter = null!;

    [Params(1, 1000)]
    public int InFlight { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench");
        _counter = new Counter();
        _ping = _system.ActorOf(Props.Create(() => new Bouncer(_counter)), "ping");
        _pong = _system.ActorOf(Props.Create(() => new Bouncer(_counter)), "pong");
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(OperationsPerInvoke = Messages)]
    public void PingPong()
    {
        var done = _counter.Reset(Messages);
        for (var i = 0; i < InFlight; i++)
            _ping.Tell(Ball.Instance, _pong);
        done.Wait();
    }

    internal sealed class Counter
    {
        private long _remaining;
        private TaskCompletionSource _done = new();

        public Task Reset(long count)
        {
            _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _remaining, count);
            return _done.Task;
        }

        /// <summary>Counts one delivery; false once the quota is used up (the ball is then dropped).</summary>
        public bool Hit()
        {
            var left = Interlocked.Decrement(ref _remaining);
            if (left == 0)
                _done.TrySetResult();
            return left > 0;
        }
    }

    internal sealed class Ball
    {
        public static readonly Ball Instance = new();
    }

    private sealed class Bouncer(Counter counter) : ActorBase
    {
        protected override void OnReceive(object message)
        {
            if (counter.Hit())
                Sender!.Tell(message, Self);
        }
    }
}

/// <summary>One actor forwarding every message to 16 workers; each operation is one delivery to one worker.</summary>
[MemoryDiagnoser]
public class FanOutBenchmarks
{
    private const int Messages = 100_000;
    private const int Workers = 16;
    private ActorSystem _system = null!;
    private IActorRef _hub = null!;
    private PingPongBenchmarks.Counter _counter = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench");
        _counter = new PingPongBenchmarks.Counter();
        var workers = Enumerable.Range(0, Workers)
            .Select(i => _system.ActorOf(Props.Create(() => new Worker(_counter)), $"w{i}")).ToArray();
        _hub = _system.ActorOf(Props.Create(() => new Hub(workers)), "hub");
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(OperationsPerInvoke = Messages * Workers)]
    public void FanOut()
    {
        var done = _counter.Reset(Messages * Workers);
        for (var i = 0; i < Messages; i++)
            _hub.Tell(PingPongBenchmarks.Ball.Instance);
        done.Wait();
    }

    private sealed class Hub(IActorRef[] workers) : ActorBase
    {
        protected override void OnReceive(object message)
        {
            foreach (var w in workers)
                w.Tell(message, Self);
        }
    }

    private sealed class Worker(PingPongBenchmarks.Counter counter) : ActorBase
    {
        protected override void OnReceive(object message) => counter.Hit();
    }
}
