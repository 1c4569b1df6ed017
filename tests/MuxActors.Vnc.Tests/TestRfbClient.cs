using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MuxActors.TestSupport;
using MuxActors.Vnc.Rfb;

namespace MuxActors.Vnc.Tests;

/// <summary>
/// A small RFB client for the tests: it speaks the handshake and decodes Raw, CopyRect, Hextile and ZRLE updates in
/// the server's default pixel format (32 bits, little-endian xRGB) into its own picture; Raw in any format is kept as
/// the pixel values sent.
/// </summary>
internal sealed class TestRfbClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly QueueStream _zlibInput = new();
    private readonly ZLibStream _zlib;
    private int _bytesPerPixel = 4;
    private bool _bigEndian;

    private TestRfbClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _zlib = new ZLibStream(_zlibInput, CompressionMode.Decompress);
    }

    public int Width { get; private set; }
    public int Height { get; private set; }
    public string Name { get; private set; } = "";
    public uint[] Pixels { get; private set; } = [];
    public const int LastRect = -224;

    public List<int> RectEncodings { get; } = [];

    /// <summary>The rectangle count of each update as sent (65535 when LastRect ends it).</summary>
    public List<int> UpdateCounts { get; } = [];
    public List<(int Reason, int Status)> DesktopSizes { get; } = [];
    public List<(int R, int G, int B)> ColourMap { get; } = [];
    public int Bells { get; private set; }
    public int Updates { get; private set; }
    public long BytesRead { get; private set; }

    public static async Task<TestRfbClient> ConnectAsync(EndPoint endPoint, int? receiveBuffer = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBuffer is { } size)
            socket.ReceiveBufferSize = size;
        await socket.ConnectAsync(endPoint);
        return new TestRfbClient(socket);
    }

    /// <summary>Version, security (None, or VNC authentication with <paramref name="password"/>), ClientInit, ServerInit.</summary>
    public async Task HandshakeAsync(string version = "RFB 003.008\n", string? password = null)
    {
        Assert.Equal("RFB 003.008\n", Encoding.ASCII.GetString(await ReadAsync(12)));
        await SendAsync(Encoding.ASCII.GetBytes(version));
        int type;
        bool v33 = version[10] < '7';
        if (v33)
            type = (int)await U32Async();
        else
        {
            var types = await ReadAsync((await ReadAsync(1))[0]);
            if (types.Length == 0)
                throw new InvalidOperationException("refused: " + await ReasonAsync());
            type = types[0];
            await SendAsync([(byte)type]);
        }
        if (type == 2)
        {
            var challenge = await ReadAsync(16);
            await SendAsync(VncAuth.Respond(password ?? "", challenge));
        }
        if (type == 0)
            throw new InvalidOperationException("refused: " + await ReasonAsync());
        if (type == 2 || version == "RFB 003.008\n")
        {
            uint result = await U32Async();
            if (result != 0)
                throw new InvalidOperationException("security failed: " + (version == "RFB 003.008\n" ? await ReasonAsync() : ""));
        }
        await SendAsync([1]);
        var init = await ReadAsync(24);
        Width = BinaryPrimitives.ReadUInt16BigEndian(init);
        Height = BinaryPrimitives.ReadUInt16BigEndian(init.AsSpan(2));
        Name = Encoding.UTF8.GetString(await ReadAsync((int)BinaryPrimitives.ReadUInt32BigEndian(init.AsSpan(20))));
        Pixels = new uint[Width * Height];
    }

    public async Task<string> ReasonAsync() => Encoding.UTF8.GetString(await ReadAsync((int)await U32Async()));

    public Task SetEncodingsAsync(params int[] encodings)
    {
        var message = new byte[4 + (4 * encodings.Length)];
        message[0] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), (ushort)encodings.Length);
        for (int i = 0; i < encodings.Length; i++)
            BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4 + (4 * i)), encodings[i]);
        return SendAsync(message);
    }

    public Task SetPixelFormatAsync(PixelFormat format)
    {
        _bytesPerPixel = format.BytesPerPixel;
        _bigEndian = format.BigEndian;
        var message = new byte[20];
        format.Write(message.AsSpan(4));
        return SendAsync(message);
    }

    public Task RequestAsync(bool incremental) =>
        RequestAsync(incremental, 0, 0, Width, Height);

    public Task RequestAsync(bool incremental, int x, int y, int w, int h)
    {
        var message = new byte[10];
        message[0] = 3;
        message[1] = incremental ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), (ushort)x);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), (ushort)y);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), (ushort)w);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(8), (ushort)h);
        return SendAsync(message);
    }

    public Task KeyAsync(bool down, uint keysym)
    {
        var message = new byte[8];
        message[0] = 4;
        message[1] = down ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), keysym);
        return SendAsync(message);
    }

    public Task CutTextAsync(string text)
    {
        byte[] latin1 = Encoding.Latin1.GetBytes(text);
        var message = new byte[8 + latin1.Length];
        message[0] = 6;
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4), latin1.Length);
        latin1.CopyTo(message, 8);
        return SendAsync(message);
    }

    public async Task SendAsync(byte[] data) => await _stream.WriteAsync(data);

    /// <summary>Reads one server message; returns its type (0 update, 1 colour map, 2 bell, 3 cut text).</summary>
    public async Task<int> ReadMessageAsync()
    {
        int type = (await ReadAsync(1))[0];
        switch (type)
        {
            case 0:
                var header = await ReadAsync(3);
                int count = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(1));
                UpdateCounts.Add(count);
                for (int i = 0; i < count; i++)
                {
                    if (await ReadRectAsync() == LastRect)
                        break;
                }
                Updates++;
                break;
            case 1:
                var map = await ReadAsync(5);
                int colours = BinaryPrimitives.ReadUInt16BigEndian(map.AsSpan(3));
                var entries = await ReadAsync(6 * colours);
                for (int i = 0; i < colours; i++)
                    ColourMap.Add((BinaryPrimitives.ReadUInt16BigEndian(entries.AsSpan(6 * i)), BinaryPrimitives.ReadUInt16BigEndian(entries.AsSpan((6 * i) + 2)), BinaryPrimitives.ReadUInt16BigEndian(entries.AsSpan((6 * i) + 4))));
                break;
            case 2:
                Bells++;
                break;
            default:
                throw new InvalidOperationException($"unexpected server message {type}");
        }
        return type;
    }

    /// <summary>Reads messages until an update has arrived.</summary>
    public async Task ReadUpdateAsync()
    {
        while (await ReadMessageAsync() != 0)
        {
        }
    }

    /// <summary>True when the server closes the connection within the deadline (anything it sent first is skipped).</summary>
    public async Task<bool> ClosedAsync()
    {
        using var deadline = new CancellationTokenSource(TestTimeouts.Dilated(TimeSpan.FromSeconds(10)));
        var buffer = new byte[4096];
        try
        {
            while (await _stream.ReadAsync(buffer, deadline.Token) > 0)
            {
            }
            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<int> ReadRectAsync()
    {
        var h = await ReadAsync(12);
        int x = BinaryPrimitives.ReadUInt16BigEndian(h), y = BinaryPrimitives.ReadUInt16BigEndian(h.AsSpan(2));
        int w = BinaryPrimitives.ReadUInt16BigEndian(h.AsSpan(4)), ht = BinaryPrimitives.ReadUInt16BigEndian(h.AsSpan(6));
        int encoding = BinaryPrimitives.ReadInt32BigEndian(h.AsSpan(8));
        RectEncodings.Add(encoding);
        switch (encoding)
        {
            case 0:
                var raw = await ReadAsync(w * ht * _bytesPerPixel);
                for (int i = 0; i < w * ht; i++)
                    Put(x + (i % w), y + (i / w), PixelAt(raw, i * _bytesPerPixel, _bytesPerPixel));
                break;
            case 1:
                var source = await ReadAsync(4);
                int sx = BinaryPrimitives.ReadUInt16BigEndian(source), sy = BinaryPrimitives.ReadUInt16BigEndian(source.AsSpan(2));
                var copy = new uint[w * ht];
                for (int r = 0; r < ht; r++)
                    Pixels.AsSpan(((sy + r) * Width) + sx, w).CopyTo(copy.AsSpan(r * w, w));
                for (int r = 0; r < ht; r++)
                    copy.AsSpan(r * w, w).CopyTo(Pixels.AsSpan(((y + r) * Width) + x, w));
                break;
            case 5:
                await HextileAsync(x, y, w, ht);
                break;
            case 16:
                _zlibInput.Append(await ReadAsync((int)await U32Async()));
                ZrleRect(x, y, w, ht);
                break;
            case -239:
                await ReadAsync((w * ht * _bytesPerPixel) + (((w + 7) / 8) * ht));
                break;
            case -308:
                DesktopSizes.Add((x, y));
                var screens = await ReadAsync(4);
                await ReadAsync(16 * screens[0]);
                break;
            case LastRect:
                break;
            default:
                throw new InvalidOperationException($"unexpected encoding {encoding}");
        }
        return encoding;
    }

    private async Task HextileAsync(int rx, int ry, int rw, int rh)
    {
        uint bg = 0, fg = 0;
        for (int ty = ry; ty < ry + rh; ty += 16)
        {
            for (int tx = rx; tx < rx + rw; tx += 16)
            {
                int tw = Math.Min(16, rx + rw - tx), th = Math.Min(16, ry + rh - ty);
                int mask = (await ReadAsync(1))[0];
                if ((mask & 1) != 0)
                {
                    var raw = await ReadAsync(tw * th * 4);
                    for (int i = 0; i < tw * th; i++)
                        Put(tx + (i % tw), ty + (i / tw), PixelAt(raw, i * 4, 4));
                    continue;
                }
                if ((mask & 2) != 0)
                    bg = PixelAt(await ReadAsync(4), 0, 4);
                if ((mask & 4) != 0)
                    fg = PixelAt(await ReadAsync(4), 0, 4);
                Fill(tx, ty, tw, th, bg);
                if ((mask & 8) == 0)
                    continue;
                int count = (await ReadAsync(1))[0];
                for (int i = 0; i < count; i++)
                {
                    uint colour = (mask & 16) != 0 ? PixelAt(await ReadAsync(4), 0, 4) : fg;
                    var sub = await ReadAsync(2);
                    Fill(tx + (sub[0] >> 4), ty + (sub[0] & 15), (sub[1] >> 4) + 1, (sub[1] & 15) + 1, colour);
                }
            }
        }
    }

    private void ZrleRect(int rx, int ry, int rw, int rh)
    {
        for (int ty = ry; ty < ry + rh; ty += 64)
        {
            for (int tx = rx; tx < rx + rw; tx += 64)
            {
                int tw = Math.Min(64, rx + rw - tx), th = Math.Min(64, ry + rh - ty);
                int sub = Inflate(1)[0];
                if (sub == 0)
                {
                    var raw = Inflate(tw * th * 3);
                    for (int i = 0; i < tw * th; i++)
                        Put(tx + (i % tw), ty + (i / tw), CPixel(raw, 3 * i));
                }
                else if (sub == 1)
                    Fill(tx, ty, tw, th, CPixel(Inflate(3), 0));
                else if (sub <= 16)
                {
                    var paletteBytes = Inflate(3 * sub);
                    var palette = Enumerable.Range(0, sub).Select(i => CPixel(paletteBytes, 3 * i)).ToArray();
                    int bits = sub == 2 ? 1 : sub <= 4 ? 2 : 4;
                    int rowBytes = ((tw * bits) + 7) / 8;
                    var packed = Inflate(rowBytes * th);
                    for (int y = 0; y < th; y++)
                    {
                        for (int x = 0; x < tw; x++)
                        {
                            int bit = x * bits;
                            int index = (packed[(y * rowBytes) + (bit / 8)] >> (8 - bits - (bit % 8))) & ((1 << bits) - 1);
                            Put(tx + x, ty + y, palette[index]);
                        }
                    }
                }
                else
                    throw new InvalidOperationException($"ZRLE subencoding {sub} not expected from this server");
            }
        }
    }

    private byte[] Inflate(int count)
    {
        var data = new byte[count];
        _zlib.ReadExactly(data);
        return data;
    }

    private static uint CPixel(byte[] data, int at) => data[at] | ((uint)data[at + 1] << 8) | ((uint)data[at + 2] << 16);

    private uint PixelAt(byte[] data, int at, int bytes) => bytes switch
    {
        1 => data[at],
        2 => _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at)) : BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(at)),
        _ => _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at)),
    };

    private void Put(int x, int y, uint value) => Pixels[(y * Width) + x] = value;

    private void Fill(int x, int y, int w, int h, uint value)
    {
        for (int r = 0; r < h; r++)
            Pixels.AsSpan(((y + r) * Width) + x, w).Fill(value);
    }

    private async Task<uint> U32Async() => BinaryPrimitives.ReadUInt32BigEndian(await ReadAsync(4));

    private async Task<byte[]> ReadAsync(int count)
    {
        var data = new byte[count];
        using var deadline = new CancellationTokenSource(TestTimeouts.Dilated(TimeSpan.FromSeconds(10)));
        await _stream.ReadExactlyAsync(data, deadline.Token);
        BytesRead += count;
        return data;
    }

    public async ValueTask DisposeAsync()
    {
        await _zlib.DisposeAsync();
        await _stream.DisposeAsync();
    }

    /// <summary>The bytes of the ZRLE rectangles so far, read by the inflater as they come.</summary>
    private sealed class QueueStream : Stream
    {
        private readonly Queue<byte> _bytes = new();
        public void Append(byte[] data)
        {
            foreach (byte b in data)
                _bytes.Enqueue(b);
        }
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = 0;
            while (n < count && _bytes.Count > 0)
                buffer[offset + n++] = _bytes.Dequeue();
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
