using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using MuxActors.Chardevs.Web;

namespace MuxActors.Service.Web;

/// <summary>
/// The HTTP listeners of the web backends: one Kestrel server per address, started by the first backend there and
/// stopped with the last; each backend has its own path. Independent of the management API (which may be off).
/// </summary>
internal sealed class WebListeners(ILoggerFactory loggers) : IWebListeners, IAsyncDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<IPEndPoint, WebListener> _listeners = [];
    private readonly ILogger _log = loggers.CreateLogger("MuxActors.Web");

    public async Task<(Uri Url, IAsyncDisposable Registration)> AddAsync(IPEndPoint address, IWebTerminal terminal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(terminal);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_listeners.TryGetValue(address, out var listener))
            {
                listener = await WebListener.StartAsync(address, _log, cancellationToken).ConfigureAwait(false);
                _listeners[address] = listener;
            }
            if (!listener.Terminals.TryAdd(terminal.Path, terminal))
                throw new InvalidOperationException($"{terminal.Path} is served by another web backend");
            return (new Uri(listener.BaseUrl, terminal.Path), new Registration(this, address, terminal));
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task RemoveAsync(IPEndPoint address, IWebTerminal terminal)
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_listeners.TryGetValue(address, out var listener)
                || !listener.Terminals.TryRemove(new KeyValuePair<string, IWebTerminal>(terminal.Path, terminal))
                || !listener.Terminals.IsEmpty)
                return;
            _listeners.Remove(address);
            await listener.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var listener in _listeners.Values)
                await listener.DisposeAsync().ConfigureAwait(false);
            _listeners.Clear();
        }
        finally
        {
            _lock.Release();
        }
    }

    private sealed class Registration(WebListeners owner, IPEndPoint address, IWebTerminal terminal) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref _disposed, 1) == 0 ? new ValueTask(owner.RemoveAsync(address, terminal)) : ValueTask.CompletedTask;
    }
}

/// <summary>The backends one listener serves, by path.</summary>
internal sealed class WebTerminals : ConcurrentDictionary<string, IWebTerminal>
{
    public WebTerminals()
        : base(StringComparer.Ordinal)
    {
    }
}
