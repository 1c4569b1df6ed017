using System.Buffers;
using System.Buffers.Binary;

namespace MuxActors.Vnc.Rfb;

/// <summary>Builds RFB messages: big-endian integers and pixels in a client's format, into a growing buffer.</summary>
internal sealed class WireWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);

    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    public int Count => _buffer.WrittenCount;

    public void Clear() => _buffer.ResetWrittenCount();

    public void Byte(int value)
    {
        _buffer.GetSpan(1)[0] = (byte)value;
        _buffer.Advance(1);
    }

    public void U16(int value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.GetSpan(2), (ushort)value);
        _buffer.Advance(2);
    }

    public void U32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void S32(int value) => U32((uint)value);

    public void Bytes(ReadOnlySpan<byte> data)
    {
        data.CopyTo(_buffer.GetSpan(data.Length));
        _buffer.Advance(data.Length);
    }

    /// <summary>The next <paramref name="count"/> bytes, counted as written: the caller fills them before writing more.</summary>
    public Span<byte> Take(int count)
    {
        Span<byte> span = _buffer.GetSpan(count)[..count];
        _buffer.Advance(count);
        return span;
    }

    public void Pixel(PixelFormat format, uint value, int bytes)
    {
        format.WritePixel(_buffer.GetSpan(4), value, bytes);
        _buffer.Advance(bytes);
    }

    /// <summary>A rectangle header: position, size and encoding.</summary>
    public void RectHeader(int x, int y, int w, int h, int encoding)
    {
        U16(x);
        U16(y);
        U16(w);
        U16(h);
        S32(encoding);
    }
}
