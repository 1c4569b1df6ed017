using System.Globalization;

namespace MuxActors.Chaos;

/// <summary>
/// The console's output: 16-byte records, each its own stream offset in 15 hex digits and a newline. Every byte is
/// a function of its offset, and any 17 bytes that hold a newline say where they belong, so a checker can tell a gap,
/// a repeat and a foreign byte apart and name the offset.
/// </summary>
public static class ChaosStream
{
    public const int RecordLength = 16;

    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

    /// <summary>The byte at stream offset <paramref name="offset"/>.</summary>
    public static byte At(long offset)
    {
        var index = (int)(offset % RecordLength);
        if (index == RecordLength - 1)
            return (byte)'\n';
        var record = offset - index;
        return Hex[(int)((record >> (4 * (RecordLength - 2 - index))) & 0xF)];
    }

    /// <summary>Fills <paramref name="destination"/> with the stream from <paramref name="offset"/>.</summary>
    public static void Fill(Span<byte> destination, long offset)
    {
        for (var i = 0; i < destination.Length; i++)
            destination[i] = At(offset + i);
    }

    /// <summary>Whether <paramref name="data"/> is the stream at <paramref name="offset"/>; the index of the first difference otherwise.</summary>
    public static int Mismatch(ReadOnlySpan<byte> data, long offset)
    {
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] != At(offset + i))
                return i;
        }
        return -1;
    }

    /// <summary>Reads a whole record (15 hex digits and a newline) and the offset it names.</summary>
    public static bool TryParseRecord(ReadOnlySpan<byte> record, out long offset)
    {
        offset = 0;
        return record.Length >= RecordLength && record[RecordLength - 1] == (byte)'\n'
            && long.TryParse(record[..(RecordLength - 1)], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out offset)
            && offset % RecordLength == 0;
    }

    /// <summary>
    /// Where the bytes in <paramref name="window"/> belong in the stream: the offset of its first byte, found from its
    /// first whole record, checked against every byte; null when the window holds no record or is not the stream.
    /// </summary>
    public static long? Locate(ReadOnlySpan<byte> window)
    {
        var newline = window.IndexOf((byte)'\n');
        if (newline < 0 || window.Length < newline + 1 + RecordLength)
            return null;
        if (!TryParseRecord(window.Slice(newline + 1, RecordLength), out var record))
            return null;
        var start = record - (newline + 1);
        return start >= 0 && Mismatch(window, start) < 0 ? start : null;
    }
}
