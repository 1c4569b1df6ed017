using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MuxActors.TestSupport;
using MuxActors.Vnc.Rfb;

namespace MuxActors.Vnc.Tests;

/// <summary>A console served on a loopback port the system chose, with what viewers type and the log kept.</summary>
internal sealed class RfbRig : IAsyncDisposable
{
    private readonly ConcurrentQueue<byte[]> _typed = new();
    private readonly ConcurrentQueue<string> _log = new();
    private readonly Awaitable _changed = new();

    public RfbRig(Func<RfbOptions, RfbOptions>? configure = null)
    {
        Console = new VncConsole(80, 24, TestFonts.Ascii(), bytes =>
        {
            _typed.Enqueue(bytes);
            _changed.Pulse();
        });
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        var options = new RfbOptions
        {
            Log = line =>
            {
                _log.Enqueue(line);
                _changed.Pulse();
            },
        };
        Server = new RfbServer(Console, configure?.Invoke(options) ?? options);
        Server.Listen(listener);
    }

    public VncConsole Console { get; }
    public RfbServer Server { get; }
    public EndPoint EndPoint => Server.LocalEndPoint!;
    public string Typed => Encoding.UTF8.GetString([.. _typed.SelectMany(b => b)]);
    public IReadOnlyList<string> Log => [.. _log];

    public async Task<TestRfbClient> ViewerAsync(params int[] encodings)
    {
        var client = await TestRfbClient.ConnectAsync(EndPoint);
        await client.HandshakeAsync();
        await client.SetEncodingsAsync(encodings.Length == 0 ? [0] : encodings);
        await client.RequestAsync(incremental: false);
        await client.ReadUpdateAsync();
        return client;
    }

    /// <summary>
    /// A viewer whose connection is handed to the server as a stream (as a WebSocket's is), not accepted by its
    /// listener; <c>Served</c> completes once the server has let it go.
    /// </summary>
    public async Task<(TestRfbClient Client, Task Served)> StreamViewerAsync()
    {
        using var side = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        side.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        side.Listen(1);
        var client = await TestRfbClient.ConnectAsync(side.LocalEndPoint!);
        var accepted = await side.AcceptAsync();
        return (client, Server.ServeAsync(new NetworkStream(accepted, ownsSocket: true), "stream"));
    }

    public Task TypedAsync(string expected) =>
        _changed.UntilAsync(() => Typed == expected, () => $"typed '{Typed}', expected '{expected}'", TestTimeouts.Dilated(TimeSpan.FromSeconds(10)));

    public Task LoggedAsync(string text) =>
        _changed.UntilAsync(() => Log.Any(l => l.Contains(text, StringComparison.Ordinal)), () => $"no log line with '{text}': {string.Join(" | ", Log)}", TestTimeouts.Dilated(TimeSpan.FromSeconds(10)));

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
