using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MuxActors.LoadTest.Vnc;

/// <summary>
/// A minimal RFB 3.8 viewer for the benchmark (any server: ours or QEMU's): security None, 32-bit xRGB pixels, one
/// encoding plus CopyRect. After each update it asks for the next (incremental), as real viewers do. When
/// <see cref="Decode"/> is on it keeps the picture (Raw, CopyRect, Hextile, ZRLE with all its subencodings);
/// otherwise it only parses the framing and counts bytes (the sustained-output runs, where the viewers' own CPU
/// would compete with the service for the same cores).
/// </summary>
internal sealed class RfbViewer : IAsyncDisposable
{
    public const int Raw = 0, CopyRect = 1, Hextile = 5, Zrle = 16;

    private readonly Socket _socket;
    private readonly BufferedStream _stream;
    private readonly ChunkStream _zlibInput = new();
    private readonly ZLibStream _zlib;
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _scratch = new byte[64 * 1024];
    private readonly SemaphoreSlim _sending = new(1, 1);
    private Task _loop = Task.CompletedTask;
    private long _bytesRead;
    private int _updates;

    private RfbViewer(Socket socket, bool decode)
    {
        _socket = socket;
        _stream = new BufferedStream(new NetworkStream(socket, ownsSocket: true), 64 * 1024);
        _zlib = new ZLibStream(_zlibInput, CompressionMode.Decompress);
        Decode = decode;
    }

    public bool Decode { get; }
    public int Width { get; private set; }
    public int Height { get; private set; }
    public uint[] Pixels { get; private set; } = [];

    /// <summary>Bytes received so far (all messages).</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Bytes of the handshake (up to ServerInit's name).</summary>
    public long HandshakeBytes { get; private set; }

    /// <summary>FramebufferUpdates received so far.</summary>
    public int Updates => Volatile.Read(ref _updates);

    /// <summary>Called on the viewer's read loop after each update has been applied (with the time it was).</summary>
    public Action<RfbViewer, long>? UpdateApplied { get; set; }

    /// <summary>Why the read loop ended, if it did.</summary>
    public string? Ended { get; private set; }

    /// <summary>Connects, shakes hands, sets the pixel format and encodings, asks for the whole screen and starts reading.</summary>
    public static async Task<RfbViewer> ConnectAsync(EndPoint endPoint, int encoding, bool decode, TimeSpan timeout)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = new CancellationTokenSource(timeout);
        await socket.ConnectAsync(endPoint, deadline.Token);
        var viewer = new RfbViewer(socket, decode);
        try
        {
            await viewer.HandshakeAsync(encoding, deadline.Token);
        }
        catch
        {
            await viewer.DisposeAsync();
            throw;
        }
        viewer._loop = viewer.ReadLoopAsync(viewer._stop.Token);
        return viewer;
    }

    public Task KeyAsync(uint keysym) => SendAsync([4, 1, 0, 0, .. U32(keysym), 4, 0, 0, 0, .. U32(keysym)]);   // down, then up

    private async Task HandshakeAsync(int encoding, CancellationToken cancellationToken)
    {
        var version = await ReadAsync(12, cancellationToken);
        if (!Encoding.ASCII.GetString(version).StartsWith("RFB 003.", StringComparison.Ordinal))
            throw new InvalidDataException("not an RFB server: " + Encoding.ASCII.GetString(version).Trim());
        await SendAsync("RFB 003.008\n"u8.ToArray());
        var types = await ReadAsync((await ReadAsync(1, cancellationToken))[0], cancellationToken);
        if (!types.Contains((byte)1))
            throw new InvalidDataException($"the server offers no security type None (offers {string.Join(",", types)})");
        await SendAsync([1]);
        if (BinaryPrimitives.ReadUInt32BigEndian(await ReadAsync(4, cancellationToken)) != 0)
            throw new InvalidDataException("the server refused the connection");
        await SendAsync([1]);   // shared
        var init = await ReadAsync(24, cancellationToken);
        Width = BinaryPrimitives.ReadUInt16BigEndian(init);
        Height = BinaryPrimitives.ReadUInt16BigEndian(init.AsSpan(2));
        await ReadAsync((int)BinaryPrimitives.ReadUInt32BigEndian(init.AsSpan(20)), cancellationToken);   // the name
        Pixels = new uint[Width * Height];
        HandshakeBytes = BytesRead;
        // 32 bits, depth 24, little-endian, 8 bits a channel at 16/8/0: pixel values are 0x00RRGGBB.
        await SendAsync([0, 0, 0, 0, 32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0]);
        await SendAsync([2, 0, 0, 2, .. U32((uint)encoding), .. U32(CopyRect)]);
        await RequestAsync(incremental: false);
    }

    private Task RequestAsync(bool incremental) =>
        SendAsync([3, incremental ? (byte)1 : (byte)0, 0, 0, 0, 0, (byte)(Width >> 8), (byte)Width, (byte)(Height >> 8), (byte)Height]);

    // The read loop (update requests) and the typist (keys) send from different threads.
    private async Task SendAsync(byte[] message)
    {
        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(message, SocketFlags.None);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                int type = (await ReadAsync(1, cancellationToken))[0];
                switch (type)
                {
                    case 0:
                        var header = await ReadAsync(3, cancellationToken);
                        int count = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(1));
                        for (int i = 0; i < count; i++)
                            await ReadRectAsync(cancellationToken);
                        Interlocked.Increment(ref _updates);
                        await RequestAsync(incremental: true);
                        UpdateApplied?.Invoke(this, Clock.Now);
                        break;
                    case 1:
                        var map = await ReadAsync(5, cancellationToken);
                        await ReadAsync(6 * BinaryPrimitives.ReadUInt16BigEndian(map.AsSpan(3)), cancellationToken);
                        break;
                    case 2:
                        break;   // bell
                    case 3:
                        var cut = await ReadAsync(7, cancellationToken);
                        await SkipAsync(BinaryPrimitives.ReadUInt32BigEndian(cut.AsSpan(3)), cancellationToken);
                        break;
                    default:
                        throw new InvalidDataException($"unknown server message {type}");
                }
            }
        }
        catch (OperationCanceledException)
        {
            Ended = "stopped";
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or InvalidDataException or ObjectDisposedException or SocketException)
        {
            Ended = ex.Message;
        }
    }

    private async Task ReadRectAsync(CancellationToken cancellationToken)
    {
        var h = await ReadAsync(12, cancellationToken);
        int x = BinaryPrimitives.ReadUInt16BigEndian(h), y = BinaryPrimitives.ReadUInt16BigEndian(h.AsSpan(2));
        int w = BinaryPrimitives.ReadUInt16BigEndian(h.AsSpan(4)), ht = BinaryPrimitives.ReadUInt16BigEndian(h.AsSpan(6));
        int encoding = BinaryPrimitives.ReadInt32BigEndian(h.AsSpan(8));
        switch (encoding)
        {
            case Raw when !Decode:
                await SkipAsync((long)w * ht * 4, cancellationToken);
                break;
            case Raw:
                var raw = await ReadAsync(w * ht * 4, cancellationToken);
                for (int r = 0; r < ht; r++)
                {
                    for (int c = 0; c < w; c++)
                        Pixels[((y + r) * Width) + x + c] = BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(((r * w) + c) * 4));
                }
                break;
            case CopyRect:
                var source = await ReadAsync(4, cancellationToken);
                if (Decode)
                    Copy(BinaryPrimitives.ReadUInt16BigEndian(source), BinaryPrimitives.ReadUInt16BigEndian(source.AsSpan(2)), x, y, w, ht);
                break;
            case Hextile:
                await HextileAsync(x, y, w, ht, cancellationToken);
                break;
            case Zrle:
                uint length = BinaryPrimitives.ReadUInt32BigEndian(await ReadAsync(4, cancellationToken));
                if (!Decode)
                {
                    await SkipAsync(length, cancellationToken);   // the zlib stream is never inflated, so skipping is fine
                    break;
                }
                _zlibInput.Append(await ReadAsync((int)length, cancellationToken));
                ZrleRect(x, y, w, ht);
                break;
            default:
                throw new InvalidDataException($"unexpected encoding {encoding}");
        }
    }

    private void Copy(int sx, int sy, int x, int y, int w, int h)
    {
        var copy = new uint[w * h];
        for (int r = 0; r < h; r++)
            Pixels.AsSpan(((sy + r) * Width) + sx, w).CopyTo(copy.AsSpan(r * w, w));
        for (int r = 0; r < h; r++)
            copy.AsSpan(r * w, w).CopyTo(Pixels.AsSpan(((y + r) * Width) + x, w));
    }

    private async Task HextileAsync(int rx, int ry, int rw, int rh, CancellationToken cancellationToken)
    {
        uint bg = 0, fg = 0;
        for (int ty = ry; ty < ry + rh; ty += 16)
        {
            for (int tx = rx; tx < rx + rw; tx += 16)
            {
                int tw = Math.Min(16, rx + rw - tx), th = Math.Min(16, ry + rh - ty);
                int mask = (await ReadAsync(1, cancellationToken))[0];
                if ((mask & 1) != 0)
                {
                    var raw = await ReadAsync(tw * th * 4, cancellationToken);
                    if (Decode)
                    {
                        for (int i = 0; i < tw * th; i++)
                            Pixels[((ty + (i / tw)) * Width) + tx + (i % tw)] = BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(i * 4));
                    }
                    continue;
                }
                if ((mask & 2) != 0)
                    bg = BinaryPrimitives.ReadUInt32LittleEndian(await ReadAsync(4, cancellationToken));
                if ((mask & 4) != 0)
                    fg = BinaryPrimitives.ReadUInt32LittleEndian(await ReadAsync(4, cancellationToken));
                Fill(tx, ty, tw, th, bg);
                if ((mask & 8) == 0)
                    continue;
                int count = (await ReadAsync(1, cancellationToken))[0];
                bool coloured = (mask & 16) != 0;
                var subrects = await ReadAsync(count * (coloured ? 6 : 2), cancellationToken);
                for (int i = 0, at = 0; i < count; i++)
                {
                    uint colour = fg;
                    if (coloured)
                    {
                        colour = BinaryPrimitives.ReadUInt32LittleEndian(subrects.AsSpan(at));
                        at += 4;
                    }
                    int xy = subrects[at], wh = subrects[at + 1];
                    at += 2;
                    Fill(tx + (xy >> 4), ty + (xy & 15), (wh >> 4) + 1, (wh & 15) + 1, colour);
                }
            }
        }
    }

    // ZRLE (RFC 6143 §7.7.6), every subencoding: raw, solid, packed palette, plain RLE and palette RLE.
    private void ZrleRect(int rx, int ry, int rw, int rh)
    {
        Span<uint> palette = stackalloc uint[128];
        for (int ty = ry; ty < ry + rh; ty += 64)
        {
            for (int tx = rx; tx < rx + rw; tx += 64)
            {
                int tw = Math.Min(64, rx + rw - tx), th = Math.Min(64, ry + rh - ty);
                int sub = InflateByte();
                if (sub == 0)
                {
                    for (int i = 0; i < tw * th; i++)
                        Put(tx, ty, tw, i, CPixel());
                }
                else if (sub == 1)
                    Fill(tx, ty, tw, th, CPixel());
                else if (sub <= 16)
                {
                    for (int i = 0; i < sub; i++)
                        palette[i] = CPixel();
                    int bits = sub == 2 ? 1 : sub <= 4 ? 2 : 4;
                    for (int y = 0; y < th; y++)
                    {
                        int acc = 0, left = 0;
                        for (int x = 0; x < tw; x++)
                        {
                            if (left == 0)
                            {
                                acc = InflateByte();
                                left = 8;
                            }
                            left -= bits;
                            Put(tx, ty, tw, (y * tw) + x, palette[(acc >> left) & ((1 << bits) - 1)]);
                        }
                    }
                }
                else if (sub == 128)
                {
                    for (int i = 0; i < tw * th;)
                    {
                        uint colour = CPixel();
                        for (int run = RunLength(); run > 0 && i < tw * th; run--)
                            Put(tx, ty, tw, i++, colour);
                    }
                }
                else if (sub >= 130)
                {
                    int size = sub - 128;
                    for (int i = 0; i < size; i++)
                        palette[i] = CPixel();
                    for (int i = 0; i < tw * th;)
                    {
                        int index = InflateByte();
                        int run = (index & 0x80) != 0 ? RunLength() : 1;
                        for (; run > 0 && i < tw * th; run--)
                            Put(tx, ty, tw, i++, palette[index & 0x7F]);
                    }
                }
                else
                    throw new InvalidDataException($"ZRLE subencoding {sub} is not defined");
            }
        }
    }

    private int RunLength()
    {
        int length = 1, b;
        do
        {
            b = InflateByte();
            length += b;
        }
        while (b == 255);
        return length;
    }

    private uint CPixel()
    {
        Span<byte> b = stackalloc byte[3];
        _zlib.ReadExactly(b);
        return b[0] | ((uint)b[1] << 8) | ((uint)b[2] << 16);
    }

    private int InflateByte()
    {
        int b = _zlib.ReadByte();
        return b >= 0 ? b : throw new InvalidDataException("the ZRLE data ended early");
    }

    private void Put(int tx, int ty, int tw, int i, uint value) => Pixels[((ty + (i / tw)) * Width) + tx + (i % tw)] = value;

    private void Fill(int x, int y, int w, int h, uint value)
    {
        if (!Decode)
            return;
        for (int r = 0; r < h; r++)
            Pixels.AsSpan(((y + r) * Width) + x, w).Fill(value);
    }

    private async Task<byte[]> ReadAsync(int count, CancellationToken cancellationToken)
    {
        var data = new byte[count];
        await _stream.ReadExactlyAsync(data, cancellationToken);
        Interlocked.Add(ref _bytesRead, count);
        return data;
    }

    private async Task SkipAsync(long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            int n = (int)Math.Min(count, _scratch.Length);
            await _stream.ReadExactlyAsync(_scratch.AsMemory(0, n), cancellationToken);
            Interlocked.Add(ref _bytesRead, n);
            count -= n;
        }
    }

    private static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
        await _zlib.DisposeAsync();
        await _stream.DisposeAsync();
        _stop.Dispose();
        _sending.Dispose();
    }

    /// <summary>The ZRLE rectangles' bytes, appended as they come and read by the inflater.</summary>
    private sealed class ChunkStream : Stream
    {
        private byte[] _buffer = new byte[64 * 1024];
        private int _start, _end;

        public void Append(byte[] data)
        {
            if (_end + data.Length > _buffer.Length)
            {
                int kept = _end - _start;
                byte[] target = kept + data.Length > _buffer.Length ? new byte[Math.Max(_buffer.Length * 2, kept + data.Length)] : _buffer;
                Array.Copy(_buffer, _start, target, 0, kept);
                (_buffer, _start, _end) = (target, 0, kept);
            }
            data.CopyTo(_buffer, _end);
            _end += data.Length;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(count, _end - _start);
            Array.Copy(_buffer, _start, buffer, offset, n);
            _start += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
