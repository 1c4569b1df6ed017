using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using MuxActors.TestSupport;

namespace MuxActors.Chardevs.Tests.Harness;

/// <summary>Keeps every log line the actor system writes, for assertions on what was logged.</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public bool Contains(params string[] fragments) =>
        _lines.Any(line => fragments.All(f => line.Contains(f, StringComparison.Ordinal)));

    /// <summary>Waits until a line holds every one of <paramref name="fragments"/> (actor logs reach the factory through Akka's logger actor, a little after the fact).</summary>
    public async Task WaitForAsync(params string[] fragments)
    {
        try
        {
            await Deadline.UntilAsync(() => Contains(fragments), $"a log line with '{string.Join("' and '", fragments)}' is written");
        }
        catch (WaitFailedException ex)
        {
            throw new WaitFailedException($"{ex.Message} Lines:\n{string.Join("\n", Lines)}");
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
    }
}
