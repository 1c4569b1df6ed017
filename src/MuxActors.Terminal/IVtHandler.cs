namespace MuxActors.Terminal;

/// <summary>
/// What <see cref="VtParser"/> calls as it recognises input. <see cref="Screen"/> is the
/// implementation that matters; tests use recording ones.
/// </summary>
public interface IVtHandler
{
    /// <summary>A printable code point (already UTF-8 decoded; invalid input arrives as U+FFFD).</summary>
    void Print(int codePoint);

    /// <summary>A run of printable ASCII (0x20–0x7E), the hot path: one call per run, not per byte.</summary>
    void PrintAscii(ReadOnlySpan<byte> text);

    /// <summary>A C0 control (BEL, BS, HT, LF, VT, FF, CR, SO, SI, ...), executed immediately.</summary>
    void Execute(int control);

    /// <summary>An escape sequence: intermediates and final byte in <paramref name="sequence"/>.</summary>
    void EscDispatch(VtSequence sequence);

    /// <summary>A control sequence (CSI): marker, parameters, intermediates and final byte.</summary>
    void CsiDispatch(VtSequence sequence);

    /// <summary>An operating system command's text, capped at <see cref="VtParser.MaxStringLength"/> characters.</summary>
    void OscDispatch(ReadOnlySpan<char> data);

    /// <summary>A device control string: its header in <paramref name="sequence"/>, its capped text in <paramref name="data"/>.</summary>
    void DcsDispatch(VtSequence sequence, ReadOnlySpan<char> data);
}
