using System.Buffers;
using System.Globalization;

namespace MuxActors.Hocon;

/// <summary>Character classes from the HOCON spec.</summary>
internal static class CharClass
{
    private const byte Whitespace = 1;
    private const byte Forbidden = 2;

    // Flags for ASCII, so the tokenizer's inner loops are one table read per character.
    private static readonly byte[] Ascii = BuildTable();

    /// <summary>What ends a run of quoted-string text: the closing quote, an escape, or a control character.</summary>
    public static readonly SearchValues<char> QuotedStops = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    /// <summary>
    /// The spec's whitespace: Unicode Zs/Zl/Zp, tab, newline, vertical tab, form feed, carriage return,
    /// the four information separators 0x1C-0x1F, and the BOM.
    /// </summary>
    public static bool IsWhitespace(char c) => c < 0x80 ? (Ascii[c] & Whitespace) != 0 : IsNonAsciiWhitespace(c);

    /// <summary>Characters that may not appear in an unquoted string (whitespace aside).</summary>
    public static bool IsForbidden(char c) => c < 0x80 && (Ascii[c] & Forbidden) != 0;

    /// <summary>Whether <paramref name="c"/> ends unquoted text (a forbidden character or whitespace).</summary>
    public static bool EndsUnquoted(char c) => c < 0x80 ? Ascii[c] != 0 : IsNonAsciiWhitespace(c);

    private static bool IsNonAsciiWhitespace(char c)
    {
        if (c == '\uFEFF')
        {
            return true;
        }

        var cat = char.GetUnicodeCategory(c);
        return cat is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }

    private static byte[] BuildTable()
    {
        var table = new byte[128];
        for (var c = 0; c < 128; c++)
        {
            if (c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F))
            {
                table[c] |= Whitespace;
            }
        }

        foreach (var c in "$\"{}[]:=,+#`^?!@*&\\")
        {
            table[c] |= Forbidden;
        }

        return table;
    }

    /// <summary>Characters a JSON number is made of; a number token greedily takes these.</summary>
    public static bool IsNumberChar(char c) => c is (>= '0' and <= '9') or 'e' or 'E' or '+' or '-' or '.';

    public static bool IsDigit(char c) => c is >= '0' and <= '9';
}

/// <summary>The JSON number grammar (leading zeros tolerated, as the reference implementation does).</summary>
internal static class NumberSyntax
{
    public static bool IsJsonNumber(ReadOnlySpan<char> s)
    {
        var i = 0;
        if (i < s.Length && s[i] == '-')
        {
            i++;
        }

        var digits = i;
        while (i < s.Length && CharClass.IsDigit(s[i]))
        {
            i++;
        }

        if (i == digits)
        {
            return false;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            var frac = i;
            while (i < s.Length && CharClass.IsDigit(s[i]))
            {
                i++;
            }

            if (i == frac)
            {
                return false;
            }
        }

        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                i++;
            }

            var exp = i;
            while (i < s.Length && CharClass.IsDigit(s[i]))
            {
                i++;
            }

            if (i == exp)
            {
                return false;
            }
        }

        return i == s.Length;
    }
}
