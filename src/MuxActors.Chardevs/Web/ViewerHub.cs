using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Akka.Event;
using MuxActors.Chardevs.Common;
using MuxActors.Terminal;

namespace MuxActors.Chardevs.Web;

/// <summary>
/// The web backend's port transport and its pages: console output feeds the backend's own <see cref="Screen"/> and is
/// queued for every page (never waiting for one); a page that joins, or catches up after dropping, gets the screen's
/// snapshot first. Input from the pages, with terminal replies filtered out, is what the port reads. When the mux
/// makes this backend its query answerer, the screen's answers to the guest's questions are read as input too.
/// </summary>
internal sealed class ViewerHub : IPortTransport, IWebConsole
{
    private static readonly TimeSpan s_positionReplyWindow = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();
    private readonly Screen _screen;
    private readonly List<Viewer> _viewers = [];
    private readonly List<Task> _serving = []; // every page's connection, joined or not, until it has been closed
    private readonly Channel<ReadOnlyMemory<byte>> _input = Channel.CreateBounded<ReadOnlyMemory<byte>>(
        new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _closing = new();
    private readonly WebOptions _options;
    private readonly byte[]? _tokenHash;
    private readonly ILoggingAdapter _log;
    private readonly string _name;
    private ReadOnlyMemory<byte> _pending;
    private long _positionAskedAt; // a timestamp; 0 until the guest first asks
    private volatile bool _answering;

    public ViewerHub(WebOptions options, TimeProvider time, ILoggingAdapter log, string name)
    {
        _options = options;
        Time = time;
        _log = log;
        _name = name;
        _screen = new Screen(options.Cols, options.Rows, scrollbackLines: 0);
        _tokenHash = options.Token is { } token ? SHA256.HashData(Encoding.UTF8.GetBytes(token)) : null;
        WelcomeJson = Encoding.UTF8.GetBytes(
            $$"""{"cols":{{options.Cols}},"rows":{{options.Rows}},"readOnly":{{(options.ReadOnly ? "true" : "false")}}}""");
    }

    public TimeProvider Time { get; }

    public string Path => _options.Place.Path;

    public WebPageKind Page => WebPageKind.Terminal;

    public bool ReadOnly => _options.ReadOnly;

    public byte[] WelcomeJson { get; }

    /// <summary>Whether this backend's screen answers the guest's terminal queries (the mux decides).</summary>
    public bool Answering { set => _answering = value; }

    public bool HasRoom
    {
        get
        {
            lock (_gate)
                return _viewers.Count < _options.MaxClients;
        }
    }

    public bool AllowsOrigin(string origin, string host) => _options.Place.AllowsOrigin(origin, host);

    /// <summary>Compares hashes, so the time taken tells nothing about the token, its length included.</summary>
    public bool TokenMatches(ReadOnlySpan<byte> sent) =>
        _tokenHash is null || CryptographicOperations.FixedTimeEquals(SHA256.HashData(sent), _tokenHash);

    public async Task ServeAsync(WebSocket socket, string peer, CancellationToken cancellationToken)
    {
        var viewer = new Viewer(socket, this, peer);
        using var stop = _closing.Token.Register(viewer.Stop);
        var run = viewer.RunAsync(cancellationToken);
        lock (_gate)
            _serving.Add(run);
        try
        {
            await run.ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
                _serving.Remove(run);
        }
    }

    public bool TryJoin(Viewer viewer)
    {
        int count;
        lock (_gate)
        {
            if (_viewers.Count >= _options.MaxClients)
                return false;
            viewer.StartWith(_screen.Snapshot());
            _viewers.Add(viewer);
            count = _viewers.Count;
        }
        _log.Info("{Web}: page {Peer} joined ({Count} open{ReadOnly})", _name, viewer.Peer, count, _options.ReadOnly ? ", read-only" : "");
        return true;
    }

    public void Leave(Viewer viewer, string reason)
    {
        int count;
        lock (_gate)
        {
            if (!_viewers.Remove(viewer))
                return;
            count = _viewers.Count;
        }
        _log.Info("{Web}: page {Peer} left: {Reason} ({Dropped} bytes dropped; {Count} open)", _name, viewer.Peer, reason, viewer.Dropped, count);
    }

    /// <summary>A page that dropped output is due the current screen, atomically with the stream; false once it has left.</summary>
    public bool Resync(Viewer viewer)
    {
        lock (_gate)
        {
            if (!_viewers.Contains(viewer))
                return false;
            viewer.StartWith(_screen.Snapshot());
            return true;
        }
    }

    /// <summary>A page's keys, without what looks like a terminal's answer (the mux answers once, see the class remarks).</summary>
    public async ValueTask InputAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var copy = data.ToArray();
        var askedAt = Interlocked.Read(ref _positionAskedAt);
        var pending = askedAt != 0 && Time.GetElapsedTime(askedAt) < s_positionReplyWindow;
        var length = TerminalReplyFilter.Filter(copy, pending);
        if (length > 0)
            await _input.Writer.WriteAsync(copy.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
    }

    public bool CanRead => true;

    public int Available() =>
        !_pending.IsEmpty ? _pending.Length : _input.Reader.TryPeek(out var next) ? next.Length : 0;

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_pending.IsEmpty)
        {
            if (!await _input.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                return 0;
            _input.Reader.TryRead(out _pending);
        }
        var count = Math.Min(buffer.Length, _pending.Length);
        _pending[..count].CopyTo(buffer);
        _pending = _pending[count..];
        return count;
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var chunk = data.ToArray(); // the mux's buffer is reused once acknowledged; the pages may still be sending this
        IReadOnlyList<byte[]> replies;
        lock (_gate)
        {
            _screen.Feed(chunk);
            replies = _screen.TakeReplies();
            foreach (var viewer in _viewers)
                viewer.Output(chunk, _options.Policy, _options.StallTimeout);
        }
        foreach (var reply in replies)
        {
            if (reply[^1] == (byte)'R')
                Interlocked.Exchange(ref _positionAskedAt, Time.GetTimestamp());
            if (_answering)
                _input.Writer.TryWrite(reply);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Closes every page (the backend stopped) and ends the input; completes when each page was sent its close (the
    /// service waits for that before it exits, so a page knows the server went away and not the network).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _input.Writer.TryComplete();
        await _closing.CancelAsync().ConfigureAwait(false);
        Task[] serving;
        lock (_gate)
            serving = [.. _serving];
        await Task.WhenAll(serving).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
