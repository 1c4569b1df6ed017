using System.Text;

namespace MuxActors.Terminal.Tests;

/// <summary>Seeded random terminal output: plausible program output, and garbage.</summary>
internal static class RandomOutput
{
    private static readonly string[] Words = ["ls", "tok4242", "hello", "world", "│", "漢字", "é", "😀", "x", "  ", "-----"];

    /// <summary>
    /// A mix of text and the sequences the screen supports. With <paramref name="screenSwitches"/>
    /// false there is no alternate screen switching and no REP, whose effects a snapshot does not carry.
    /// </summary>
    public static string Realistic(Random rng, int pieces, int cols, int rows, bool screenSwitches = true)
    {
        var text = new StringBuilder();
        for (int i = 0; i < pieces; i++)
            text.Append(Piece(rng, cols, rows, screenSwitches));
        return text.ToString();
    }

    private static string Piece(Random rng, int cols, int rows, bool screenSwitches)
    {
        int Row() => rng.Next(1, rows + 1);
        int Col() => rng.Next(1, cols + 1);
        int N() => rng.Next(0, 4) == 0 ? rng.Next(0, rows * 2) : rng.Next(1, 4);
        switch (rng.Next(0, 40))
        {
            case < 10: return Words[rng.Next(Words.Length)] + (rng.Next(4) == 0 ? " " : "");
            case 10: return new string((char)rng.Next('a', 'z' + 1), rng.Next(1, cols * 2));
            case 11: return "\r\n";
            case 12: return rng.Next(3) switch { 0 => "\n", 1 => "\r", _ => "\b" };
            case 13: return "\t";
            case 14: return $"\e[{Row()};{Col()}H";
            case 15: return $"\e[{N()}{"ABCDEFGIZ`ade"[rng.Next(13)]}";
            case 16: return Sgr(rng);
            case 17: return Sgr(rng);
            case 18: return $"\e[{rng.Next(0, 3)}{"JK"[rng.Next(2)]}";
            case 19: return $"\e[{N()}{"@PXLM"[rng.Next(5)]}";
            case 20: return $"\e[{N()}{"ST"[rng.Next(2)]}";
            case 21: return rng.Next(3) == 0 ? "\e[r" : $"\e[{Row()};{Row()}r";
            case 22: return $"\e[?6{"hl"[rng.Next(2)]}";
            case 23: return $"\e[?7{"hl"[rng.Next(2)]}";
            case 24: return $"\e[4{"hl"[rng.Next(2)]}";
            case 25: return rng.Next(2) == 0 ? "\e7" : "\e8";
            case 26: return new[] { "\e[s", "\e[u", "\e[?1048h", "\e[?1048l" }[rng.Next(4)];
            case 27: return $"\e[?{new[] { 1, 25, 2004 }[rng.Next(3)]}{"hl"[rng.Next(2)]}";
            case 28: return new[] { "\eD", "\eM", "\eE", "\eH", "\e[g", "\e[3g", "\e=", "\e>" }[rng.Next(8)];
            case 29: return new[] { "\e(0", "\e(B", "\e)0", "\e)B", "\x0e", "\x0f" }[rng.Next(6)] + "lqkxjmtu";
            case 30: return screenSwitches ? $"\e[?{new[] { 47, 1047, 1049 }[rng.Next(3)]}{"hl"[rng.Next(2)]}" : "";
            case 31: return screenSwitches ? $"\e[{N()}b" : "";
            case 32: return rng.Next(20) == 0 ? "\ec" : "\e[!p";
            case 33: return $"\e]2;title {rng.Next(100)}\a";
            case 34: return "\e[20" + "hl"[rng.Next(2)];
            case 35: return "漢字かな" + new string('x', rng.Next(cols));
            case 36: return $"\e[{Row()}d\e[{Col()}G";
            default: return "\a\e[6n";
        }
    }

    private static string Sgr(Random rng)
    {
        var parts = new List<string>();
        for (int i = rng.Next(1, 4); i > 0; i--)
        {
            parts.Add(rng.Next(12) switch
            {
                0 => "0",
                1 => $"{rng.Next(1, 10)}",
                2 => $"{rng.Next(21, 30)}",
                3 => $"{rng.Next(30, 38)}",
                4 => $"{rng.Next(40, 48)}",
                5 => $"{rng.Next(90, 98)}",
                6 => $"{rng.Next(100, 108)}",
                7 => $"38;5;{rng.Next(256)}",
                8 => $"48;5;{rng.Next(256)}",
                9 => $"38;2;{rng.Next(256)};{rng.Next(256)};{rng.Next(256)}",
                10 => $"48:2::{rng.Next(256)}:{rng.Next(256)}:{rng.Next(256)}",
                _ => "39;49",
            });
        }
        return $"\e[{string.Join(';', parts)}m";
    }

    /// <summary>Random bytes interleaved with fragments of sequences and UTF-8.</summary>
    public static byte[] Garbage(Random rng, int length)
    {
        string[] fragments = ["\e", "\e[", "\e]", "\eP", "\e_", "\eX", "\e^", "\e\\", "\a", "\x18", "\x1a", ";", ":", "?", ">", "!",
            "1", "9999999", "m", "H", "J", "r", "h", "l", "\e[?1049h", "\e[?47l", "\e(0", "\x0e", "\e#8", "\ec", "\e[99999S", "\e[99999L"];
        var bytes = new List<byte>(length + 16);
        while (bytes.Count < length)
        {
            switch (rng.Next(4))
            {
                case 0:
                    bytes.Add((byte)rng.Next(256));
                    break;
                case 1:
                    bytes.AddRange(Encoding.UTF8.GetBytes(fragments[rng.Next(fragments.Length)]));
                    break;
                case 2:
                    bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(rng.Next(0x20, 0x30000) is var c && c is >= 0xD800 and <= 0xDFFF ? 0xFFFD : c)));
                    break;
                default:
                    bytes.AddRange(Encoding.UTF8.GetBytes(Piece(rng, 20, 8, true)));
                    break;
            }
        }
        return [.. bytes];
    }

    /// <summary>Feeds <paramref name="data"/> in random-sized pieces, so sequences and UTF-8 get split.</summary>
    public static void FeedInChunks(Screen screen, ReadOnlySpan<byte> data, Random rng)
    {
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, rng.Next(1, 64));
            screen.Feed(data[..n]);
            data = data[n..];
        }
    }
}
