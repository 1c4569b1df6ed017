using System.Buffers.Binary;

namespace MuxActors.Chardevs.Web;

/// <summary>
/// The web terminal's protocol: binary WebSocket frames whose first byte is the type (docs/web.md). Page → server:
/// hello (the token), input, ack (bytes written, 4 bytes big-endian), pause, resume. Server → page: welcome (JSON:
/// cols, rows, readOnly), data (console output), screen (reset, then these bytes redraw the screen), refused (why,
/// then the close).
/// </summary>
internal static class WebFrames
{
    public const byte Hello = 0x01;
    public const byte Input = 0x02;
    public const byte Ack = 0x03;
    public const byte Pause = 0x04;
    public const byte Resume = 0x05;

    public const byte Welcome = 0x11;
    public const byte Data = 0x12;
    public const byte Screen = 0x13;
    public const byte Refused = 0x14;

    /// <summary>The largest frame a page may send (a paste is split by the page into frames this size).</summary>
    public const int MaxIncoming = 64 * 1024;

    /// <summary>The most output one data frame carries.</summary>
    public const int MaxOutgoingPayload = 64 * 1024;

    /// <summary>A frame of <paramref name="type"/> with <paramref name="payload"/>.</summary>
    public static byte[] Frame(byte type, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[payload.Length + 1];
        frame[0] = type;
        payload.CopyTo(frame.AsSpan(1));
        return frame;
    }

    /// <summary>The byte count of an ack frame's payload, or -1 when malformed.</summary>
    public static long ReadAck(ReadOnlySpan<byte> payload) =>
        payload.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(payload) : -1;
}
