namespace MuxActors.Terminal;

/// <summary>
/// Drops the answers to terminal queries (DSR, DA) from the input of a client that is a terminal emulator the mux knows
/// about (a web page's xterm.js, a VNC viewer's screen). The mux's rule is that a guest's question gets exactly one
/// answer: one screen model per mux answers (see docs/architecture.md, "Terminal queries"), so an emulator client's
/// own answer would be a second one. Works on whole input chunks: an emulator sends each reply in one piece.
/// </summary>
/// <remarks>
/// Dropped: <c>CSI ? … R</c> (DECXCPR), <c>CSI 0 n</c> and <c>CSI 3 n</c> (status), <c>CSI ? … c</c> (DA1),
/// <c>CSI &gt; … c</c> (DA2), and <c>CSI row ; col R</c> (CPR) only while a position question is outstanding, since
/// xterm sends Ctrl/Shift+F3 as <c>CSI 1 ; 5 R</c>. Everything else passes unchanged.
/// </remarks>
public static class TerminalReplyFilter
{
    private const byte Esc = 0x1B;

    /// <summary>
    /// Removes reply-shaped sequences from <paramref name="data"/> in place and returns the length that is left.
    /// </summary>
    /// <param name="data">One chunk of a client's input.</param>
    /// <param name="positionQueryPending">Whether the guest asked for the cursor position recently (a CPR is expected).</param>
    public static int Filter(Span<byte> data, bool positionQueryPending)
    {
        var write = 0;
        var read = 0;
        while (read < data.Length)
        {
            if (data[read] == Esc && ReplyLength(data[read..], positionQueryPending) is var length and > 0)
            {
                read += length;
                continue;
            }
            data[write++] = data[read++];
        }
        return write;
    }

    /// <summary>The length of the reply that starts <paramref name="data"/> (at an ESC), or 0 when it is not one.</summary>
    private static int ReplyLength(ReadOnlySpan<byte> data, bool positionQueryPending)
    {
        if (data.Length < 3 || data[1] != (byte)'[')
            return 0;
        var i = 2;
        var prefix = data[i] is (byte)'?' or (byte)'>' ? data[i++] : (byte)0;
        var paramsStart = i;
        while (i < data.Length && (char.IsAsciiDigit((char)data[i]) || data[i] == (byte)';'))
            i++;
        if (i >= data.Length)
            return 0;
        var parameters = data[paramsStart..i];
        var final = data[i];
        var reply = (prefix, final) switch
        {
            ((byte)'?', (byte)'R') => true,
            ((byte)'?', (byte)'c') or ((byte)'>', (byte)'c') => true,
            (0, (byte)'n') => parameters.SequenceEqual("0"u8) || parameters.SequenceEqual("3"u8),
            (0, (byte)'R') => positionQueryPending && parameters.IndexOf((byte)';') > 0,
            _ => false,
        };
        return reply ? i + 1 : 0;
    }
}
