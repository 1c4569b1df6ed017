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

    public async Task<(Uri Url, IAsyncDisposable Registration)> AddAsync(IPEndPoint address, IWebConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(console);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_listeners.TryGetValue(address, out var listener))
            {
                listener = await WebListener.StartAsync(address, _log, cancellationToken).ConfigureAwait(false);
                _listeners[address] = listener;
            }
            if (!listener.Consoles.TryAdd(console.Path, console))
                throw new InvalidOperationException($"{console.Path} is served by another console (a web backend or a vc)");
            return (new Uri(listener.BaseUrl, console.Path), new Registration(this, address, console));
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task RemoveAsync(IPEndPoint address, IWebConsole console)
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_listeners.TryGetValue(address, out var listener)
                || !listener.Consoles.TryRemove(new KeyValuePair<string, IWebConsole>(console.Path, console))
                || !listener.Consoles.IsEmpty)
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

    private sealed class Registration(WebListeners owner, IPEndPoint address, IWebConsole console) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref _disposed, 1) == 0 ? new ValueTask(owner.RemoveAsync(address, console)) : ValueTask.CompletedTask;
    }
}

/// <summary>The consoles one listener serves, by path.</summary>
internal sealed class WebConsoles : ConcurrentDictionary<string, IWebConsole>
{
    public WebConsoles()
        : base(StringComparer.Ordinal)
    {
    }
}
