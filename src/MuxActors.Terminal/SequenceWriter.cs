using System.Buffers;
using System.Globalization;
using System.Text;

namespace MuxActors.Terminal;

/// <summary>Appends escape sequences, numbers and UTF-8 text to an <see cref="IBufferWriter{T}"/>.</summary>
internal readonly struct SequenceWriter(IBufferWriter<byte> output)
{
    public void Ascii(string text)
    {
        Span<byte> span = output.GetSpan(text.Length);
        for (int i = 0; i < text.Length; i++)
            span[i] = (byte)text[i];
        output.Advance(text.Length);
    }

    public void Byte(byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }

    public void Number(int value)
    {
        Span<byte> span = output.GetSpan(11);
        value.TryFormat(span, out int written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    public void CodePoint(int codePoint)
    {
        if (!Rune.TryCreate(codePoint, out Rune rune))
            rune = Rune.ReplacementChar;
        Span<byte> span = output.GetSpan(4);
        output.Advance(rune.EncodeToUtf8(span));
    }

    /// <summary>CUP to 1-based <paramref name="row"/>, <paramref name="col"/>.</summary>
    public void CursorPosition(int row, int col)
    {
        Ascii("\e[");
        Number(row);
        Byte((byte)';');
        Number(col);
        Byte((byte)'H');
    }

    /// <summary>A complete SGR that sets exactly <paramref name="style"/> (it starts with a reset).</summary>
    public void Style(CellStyle style)
    {
        Ascii("\e[0");
        ReadOnlySpan<(CellFlags Flag, char Code)> flags =
        [
            (CellFlags.Bold, '1'), (CellFlags.Dim, '2'), (CellFlags.Italic, '3'), (CellFlags.Underline, '4'),
            (CellFlags.Blink, '5'), (CellFlags.Reverse, '7'), (CellFlags.Invisible, '8'), (CellFlags.Strikethrough, '9'),
        ];
        foreach (var (flag, code) in flags)
        {
            if (style.Has(flag))
            {
                Byte((byte)';');
                Byte((byte)code);
            }
        }
        Color(style.Foreground, 30, 90, 38);
        Color(style.Background, 40, 100, 48);
        Byte((byte)'m');
    }

    private void Color(TerminalColor color, int normal, int bright, int extended)
    {
        if (color.Kind == ColorKind.Indexed && color.Index < 16)
        {
            Byte((byte)';');
            Number(color.Index < 8 ? normal + color.Index : bright + color.Index - 8);
        }
        else if (color.Kind == ColorKind.Indexed)
        {
            Byte((byte)';');
            Number(extended);
            Ascii(";5;");
            Number(color.Index);
        }
        else if (color.Kind == ColorKind.Rgb)
        {
            Byte((byte)';');
            Number(extended);
            Ascii(";2;");
            Number((int)(color.Rgb >> 16));
            Byte((byte)';');
            Number((int)(color.Rgb >> 8) & 0xFF);
            Byte((byte)';');
            Number((int)color.Rgb & 0xFF);
        }
    }
}
