namespace MuxActors.Chardevs.Common;

/// <summary>Helpers for a gathered write: buffers written in order as one.</summary>
internal static class Pieces
{
    public static long Total(IReadOnlyList<ReadOnlyMemory<byte>> pieces)
    {
        long total = 0;
        foreach (var piece in pieces)
            total += piece.Length;
        return total;
    }

    /// <summary>Drops the first <paramref name="written"/> bytes of <paramref name="pieces"/>.</summary>
    public static void Trim(List<ReadOnlyMemory<byte>> pieces, long written)
    {
        var whole = 0;
        while (whole < pieces.Count && written >= pieces[whole].Length)
            written -= pieces[whole++].Length;
        pieces.RemoveRange(0, whole);
        if (pieces.Count > 0)
            pieces[0] = pieces[0][(int)written..];
    }
}
