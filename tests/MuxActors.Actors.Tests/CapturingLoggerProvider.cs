using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MuxActors.Actors.Tests;

/// <summary>Keeps every formatted log line, for assertions on what was logged.</summary>
internal sealed class CapturingLoggerProvider : ILoggerFactory
{
    public void AddProvider(ILoggerProvider provider) { }

    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
    }
}
