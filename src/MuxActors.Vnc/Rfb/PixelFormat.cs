using System.Buffers.Binary;

namespace MuxActors.Vnc.Rfb;

/// <summary>An RFB pixel format (RFC 6143 §7.4): how a client wants pixel values laid out.</summary>
/// <param name="BitsPerPixel">8, 16 or 32.</param>
/// <param name="Depth">Useful bits.</param>
/// <param name="BigEndian">Byte order of multi-byte pixels.</param>
/// <param name="TrueColour">False for a colour-map client (pixel values index a map the server sends).</param>
/// <param name="RedMax">Largest red value.</param>
/// <param name="GreenMax">Largest green value.</param>
/// <param name="BlueMax">Largest blue value.</param>
/// <param name="RedShift">Shift of red within the pixel.</param>
/// <param name="GreenShift">Shift of green.</param>
/// <param name="BlueShift">Shift of blue.</param>
public sealed record PixelFormat(int BitsPerPixel, int Depth, bool BigEndian, bool TrueColour,
    int RedMax, int GreenMax, int BlueMax, int RedShift, int GreenShift, int BlueShift)
{
    /// <summary>The server's own format: 32 bits, depth 24, little-endian, 8 bits a channel (xRGB).</summary>
    public static PixelFormat Server { get; } = new(32, 24, false, true, 255, 255, 255, 16, 8, 0);

    /// <summary>Bytes per pixel.</summary>
    public int BytesPerPixel => BitsPerPixel / 8;

    /// <summary>
    /// ZRLE's compressed pixel size: 3 bytes when the format is 32 bits, true colour, depth 24 or less and every
    /// channel fits in the low or the high three bytes.
    /// </summary>
    public int CompressedPixelBytes => BitsPerPixel == 32 && TrueColour && Depth <= 24 && (FitsIn(0, 24) || FitsIn(8, 32)) ? 3 : BytesPerPixel;

    /// <summary>With 3-byte compressed pixels: whether they are the pixel's low three bytes (else the high three).</summary>
    internal bool CompressedIsLow => FitsIn(0, 24);

    /// <summary>Reads the 16-byte wire form; null when it is not usable (bad size, zero channel, bits beyond the pixel).</summary>
    public static PixelFormat? Read(ReadOnlySpan<byte> wire)
    {
        var f = new PixelFormat(wire[0], wire[1], wire[2] != 0, wire[3] != 0,
            BinaryPrimitives.ReadUInt16BigEndian(wire[4..]), BinaryPrimitives.ReadUInt16BigEndian(wire[6..]),
            BinaryPrimitives.ReadUInt16BigEndian(wire[8..]), wire[10], wire[11], wire[12]);
        if (f.BitsPerPixel is not (8 or 16 or 32) || f.Depth is < 1 or > 32)
            return null;
        if (!f.TrueColour)
            return f;
        bool channelsOk = Channel(f.RedMax, f.RedShift, f.BitsPerPixel) && Channel(f.GreenMax, f.GreenShift, f.BitsPerPixel)
            && Channel(f.BlueMax, f.BlueShift, f.BitsPerPixel);
        return channelsOk ? f : null;
    }

    /// <summary>Writes the 16-byte wire form.</summary>
    public void Write(Span<byte> wire)
    {
        wire[..16].Clear();
        wire[0] = (byte)BitsPerPixel;
        wire[1] = (byte)Depth;
        wire[2] = BigEndian ? (byte)1 : (byte)0;
        wire[3] = TrueColour ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16BigEndian(wire[4..], (ushort)RedMax);
        BinaryPrimitives.WriteUInt16BigEndian(wire[6..], (ushort)GreenMax);
        BinaryPrimitives.WriteUInt16BigEndian(wire[8..], (ushort)BlueMax);
        wire[10] = (byte)RedShift;
        wire[11] = (byte)GreenShift;
        wire[12] = (byte)BlueShift;
    }

    /// <summary>The pixel value of <paramref name="rgb"/> (<c>0xRRGGBB</c>) in a true-colour format.</summary>
    public uint FromRgb(uint rgb) =>
        (Scale((rgb >> 16) & 0xFF, RedMax) << RedShift) | (Scale((rgb >> 8) & 0xFF, GreenMax) << GreenShift) | (Scale(rgb & 0xFF, BlueMax) << BlueShift);

    /// <summary>Writes <paramref name="value"/> as <paramref name="bytes"/> bytes in this format's byte order.</summary>
    internal void WritePixel(Span<byte> destination, uint value, int bytes)
    {
        switch (bytes)
        {
            case 1: destination[0] = (byte)value; break;
            case 2:
                if (BigEndian) BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)value);
                else BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)value);
                break;
            case 3:
                // ZRLE's CPIXEL: the three significant bytes, in the pixel's byte order.
                uint v = CompressedIsLow ? value : value >> 8;
                if (BigEndian) { destination[0] = (byte)(v >> 16); destination[1] = (byte)(v >> 8); destination[2] = (byte)v; }
                else { destination[0] = (byte)v; destination[1] = (byte)(v >> 8); destination[2] = (byte)(v >> 16); }
                break;
            default:
                if (BigEndian) BinaryPrimitives.WriteUInt32BigEndian(destination, value);
                else BinaryPrimitives.WriteUInt32LittleEndian(destination, value);
                break;
        }
    }

    private bool FitsIn(int low, int high) =>
        Within(RedMax, RedShift, low, high) && Within(GreenMax, GreenShift, low, high) && Within(BlueMax, BlueShift, low, high);

    private static bool Within(int max, int shift, int low, int high) =>
        shift >= low && shift + BitLength(max) <= high;

    private static bool Channel(int max, int shift, int bits) => max > 0 && shift + BitLength(max) <= bits;

    private static int BitLength(int value) => 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)value);

    private static uint Scale(uint channel, int max) => (uint)(((channel * (uint)max) + 127) / 255);
}
