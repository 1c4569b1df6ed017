using System.Buffers.Binary;
using System.Text;
using MuxActors.Vnc.Rendering;

namespace MuxActors.Vnc.Rfb;

/// <summary>
/// One viewer: after the handshake, a read loop takes its messages (pixel format, encodings, update requests, keys,
/// cut text) and a write loop sends it coalesced updates when it asked for one and something changed, and bells.
/// A viewer that breaks the protocol is closed with a log line; nothing it does reaches the other viewers.
/// </summary>
internal sealed partial class RfbConnection
{
    private readonly Stream _stream;
    private readonly VncConsole _console;
    private readonly RfbOptions _options;
    private readonly string _peer;
    private readonly KeyMapper _keys = new();
    private readonly Lock _lock = new();
    private VncConsole.Viewer? _viewer;

    // Client state, set by the read loop and read by the write loop under _lock.
    private PixelFormat _format = PixelFormat.Server;
    private int _encoding = Encodings.Raw;
    private bool _copyRect, _cursor, _extendedDesktopSize, _lastRect;
    private int _minor;
    private bool _requested, _colourMapDue, _cursorDue, _desktopSizeDue;
    private int _resizeRefusals;

    public RfbConnection(Stream stream, VncConsole console, RfbOptions options, string peer)
    {
        _stream = stream;
        _console = console;
        _options = options;
        _peer = peer;
    }

    /// <summary>Serves the viewer until it leaves, breaks the protocol or <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="refusal">When not null, the viewer is refused with this reason after the version exchange.</param>
    /// <param name="cancellationToken">Ends the connection.</param>
    public async Task RunAsync(string? refusal, CancellationToken cancellationToken)
    {
        string why;
        bool ready = false;
        try
        {
            int minor;
            using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                handshake.CancelAfter(_options.HandshakeTimeout);
                minor = await RfbHandshake.RunAsync(_stream, _options, _console.Width, _console.Height, refusal, handshake.Token).ConfigureAwait(false);
            }
            ready = true;
            _minor = minor;
            _options.Log($"viewer {_peer} connected (RFB 3.{minor}, {(_options.Auth is null ? "no password" : "VNC authentication")}{(_options.ReadOnly ? ", read-only" : "")})");
            _viewer = _console.Join();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task writer = WriteLoopAsync(stop.Token);
            try
            {
                await ReadLoopAsync(stop.Token).ConfigureAwait(false);
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            why = "closed by the viewer";
        }
        catch (RfbProtocolException ex)
        {
            why = "protocol error: " + ex.Message;
        }
        catch (RfbRefusedException ex)
        {
            why = "refused: " + ex.Message;
        }
        catch (OperationCanceledException)
        {
            why = cancellationToken.IsCancellationRequested ? "server stopping" : "handshake timed out";
        }
        // A WebSocket's failures are WebSocketExceptions, not IOExceptions.
        catch (Exception ex) when (ex is IOException or EndOfStreamException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
        {
            why = _writeError is { } error ? "write failed: " + error : ready ? "closed by the viewer" : "left during the handshake";
        }
        finally
        {
            if (_viewer is not null)
                _console.Leave(_viewer);
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        _options.Log($"viewer {_peer}: {why}");
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        var header = new byte[20];
        while (true)
        {
            if (await _stream.ReadAsync(header.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) == 0)
                return;
            byte type = header[0];
            switch (type)
            {
                case 0:
                    await Fill(header, 19, cancellationToken).ConfigureAwait(false);
                    OnSetPixelFormat(header.AsSpan(3, 16));
                    break;
                case 2:
                    await Fill(header, 3, cancellationToken).ConfigureAwait(false);
                    int count = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(1));
                    if (count > 1024)
                        throw new RfbProtocolException($"SetEncodings with {count} encodings");
                    var list = new byte[count * 4];
                    await Fill(list, list.Length, cancellationToken).ConfigureAwait(false);
                    OnSetEncodings(list);
                    break;
                case 3:
                    await Fill(header, 9, cancellationToken).ConfigureAwait(false);
                    OnUpdateRequest(header.AsSpan(0, 9));
                    break;
                case 4:
                    await Fill(header, 7, cancellationToken).ConfigureAwait(false);
                    OnKey(header[0] != 0, BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(3)));
                    break;
                case 5:
                    await Fill(header, 5, cancellationToken).ConfigureAwait(false);   // pointer: a text console has no use for it
                    break;
                case 6:
                    await Fill(header, 7, cancellationToken).ConfigureAwait(false);
                    int length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(3));
                    if (length < 0 || length > _options.MaxCutText)
                        throw new RfbProtocolException($"ClientCutText of {length} bytes (at most {_options.MaxCutText})");
                    var text = new byte[length];
                    await Fill(text, length, cancellationToken).ConfigureAwait(false);
                    OnPaste(Encoding.Latin1.GetString(text));
                    break;
                case 251:
                    await Fill(header, 7, cancellationToken).ConfigureAwait(false);
                    var screens = new byte[header[5] * 16];
                    await Fill(screens, screens.Length, cancellationToken).ConfigureAwait(false);
                    OnSetDesktopSize();
                    break;
                default:
                    throw new RfbProtocolException($"unknown message type {type}");
            }
        }
    }

    private async ValueTask Fill(byte[] buffer, int count, CancellationToken cancellationToken) =>
        await _stream.ReadExactlyAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);

    private void OnSetPixelFormat(ReadOnlySpan<byte> wire)
    {
        PixelFormat format = PixelFormat.Read(wire) ?? throw new RfbProtocolException("SetPixelFormat with an unusable format");
        lock (_lock)
        {
            _format = format;
            _colourMapDue = !format.TrueColour;
        }
        _console.Configure(_viewer!, _copyRect);   // everything is resent in the new format
        _viewer!.Wake();
    }

    private void OnSetEncodings(ReadOnlySpan<byte> list)
    {
        int chosen = -1;
        bool copyRect = false, cursor = false, extended = false, lastRect = false;
        for (int i = 0; i < list.Length; i += 4)
        {
            int encoding = BinaryPrimitives.ReadInt32BigEndian(list[i..]);
            switch (encoding)
            {
                case Encodings.Raw or Encodings.Hextile or Encodings.Zrle when chosen < 0: chosen = encoding; break;
                case Encodings.CopyRect: copyRect = true; break;
                case Encodings.Cursor: cursor = true; break;
                case Encodings.ExtendedDesktopSize: extended = true; break;
                case Encodings.LastRect: lastRect = true; break;
            }
        }
        lock (_lock)
        {
            _encoding = chosen < 0 ? Encodings.Raw : chosen;
            _copyRect = copyRect;
            _cursorDue = cursor && !_cursor;
            _cursor |= cursor;
            _desktopSizeDue = extended && !_extendedDesktopSize;
            _extendedDesktopSize |= extended;
            // vncsnapshot (RFB 3.3 only) asks for LastRect, then takes the closing rectangle for an empty one and waits
            // for 65535: a 3.3 viewer never gets it.
            _lastRect = lastRect && _minor >= 7;
        }
        _console.Configure(_viewer!, copyRect);
    }

    private void OnUpdateRequest(ReadOnlySpan<byte> request)
    {
        bool incremental = request[0] != 0;
        int x = BinaryPrimitives.ReadUInt16BigEndian(request[1..]), y = BinaryPrimitives.ReadUInt16BigEndian(request[3..]);
        int w = BinaryPrimitives.ReadUInt16BigEndian(request[5..]), h = BinaryPrimitives.ReadUInt16BigEndian(request[7..]);
        if (x + w > _console.Width || y + h > _console.Height)
            throw new RfbProtocolException($"update request {w}x{h}+{x}+{y} beyond the {_console.Width}x{_console.Height} screen");
        if (!incremental && w > 0 && h > 0)
            _console.MarkRegion(_viewer!, new PixelRect(x, y, w, h));
        lock (_lock)
            _requested = true;
        _viewer!.Wake();
    }

    private void OnKey(bool down, uint keysym)
    {
        if (_options.ReadOnly)
            return;
        _console.Type(_keys.Map(down, keysym, _console.Modes.ApplicationCursorKeys));
    }

    // Pasted text is typed: line ends as Return, and inside ESC[200~ ... ESC[201~ when the guest asked (?2004).
    private void OnPaste(string text)
    {
        if (_options.ReadOnly || text.Length == 0)
            return;
        text = text.Replace("\r\n", "\r", StringComparison.Ordinal).Replace('\n', '\r');
        if (_console.Modes.BracketedPaste)
            text = "\u001b[200~" + text.Replace("\u001b[201~", "", StringComparison.Ordinal) + "\u001b[201~";
        _console.Type(Encoding.UTF8.GetBytes(text));
    }

    private void OnSetDesktopSize()
    {
        lock (_lock)
            _resizeRefusals++;
        _viewer!.Wake();
    }
}
