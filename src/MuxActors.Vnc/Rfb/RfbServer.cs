using System.Net;
using System.Net.Sockets;

namespace MuxActors.Vnc.Rfb;

/// <summary>
/// Serves a <see cref="VncConsole"/> to viewers, each on its own <see cref="RfbConnection"/> over any duplex stream:
/// those a listening socket accepts (<see cref="Listen"/>) and those handed in (<see cref="ServeAsync"/>, e.g. a
/// WebSocket). <see cref="RfbOptions.MaxClients"/> counts them all; one more is refused with a reason.
/// </summary>
public sealed class RfbServer : IAsyncDisposable
{
    private readonly VncConsole _console;
    private readonly RfbOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly HashSet<Task> _connections = [];
    private Socket? _listener;
    private Task _accepting = Task.CompletedTask;
    private int _active;

    /// <summary>A server for <paramref name="console"/>, serving no one until a listener or a stream is given.</summary>
    public RfbServer(VncConsole console, RfbOptions options)
    {
        _console = console;
        _options = options;
    }

    /// <summary>Where the server listens, when it does.</summary>
    public EndPoint? LocalEndPoint => _listener?.LocalEndPoint;

    /// <summary>Whether one more viewer would be served rather than refused.</summary>
    public bool HasRoom => Volatile.Read(ref _active) < _options.MaxClients;

    /// <summary>Starts accepting viewers on <paramref name="listener"/> (bound and listening; the server owns it).</summary>
    public void Listen(Socket listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        _listener = listener;
        _accepting = AcceptLoopAsync(listener, _stop.Token);
    }

    /// <summary>Serves one viewer on an already connected stream until it leaves or the server stops; the server disposes the stream.</summary>
    public Task ServeAsync(Stream stream, string peer) => Track(stream, peer);

    private async Task AcceptLoopAsync(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                _options.Log($"accept failed: {ex.Message}");
                continue;
            }
            client.NoDelay = true;   // keystroke echoes go out at once
            _ = Track(new NetworkStream(client, ownsSocket: true), client.RemoteEndPoint?.ToString() ?? "?");
        }
    }

    private Task Track(Stream stream, string peer)
    {
        string? refusal = Interlocked.Increment(ref _active) > _options.MaxClients
            ? $"too many viewers (max-clients = {_options.MaxClients})" : null;
        Task run = new RfbConnection(stream, _console, _options, peer).RunAsync(refusal, _stop.Token);
        lock (_lock)
            _connections.Add(run);
        return run.ContinueWith(done =>
        {
            Interlocked.Decrement(ref _active);
            lock (_lock)
                _connections.Remove(done);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Stops listening and closes every viewer.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        Task[] running;
        lock (_lock)
            running = [.. _connections, _accepting];
        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
