using System.Text;

namespace MuxActors.Terminal.Tests.XtermHeadless;

/// <summary>
/// Byte streams written for the differential tests, one per feature the screen model claims, each ending in a state
/// where the feature's effect is on the screen. Compared with xterm in full unless an entry says otherwise.
/// </summary>
public static class ConstructedStreams
{
    private static readonly string Numbered = string.Concat(Enumerable.Range(1, 30).Select(i => $"line {i}\r\n"));

    /// <summary>Name, stream, the aspects not compared and why.</summary>
    public static readonly IReadOnlyDictionary<string, (string Text, Aspects Skipped, string Why)> All =
        new Dictionary<string, (string, Aspects, string)>
        {
            ["cursor-movement"] = (
                "\e[5;10Ha\e[2Ab\e[3Bc\e[4Cd\e[2De\e[99Af\e[99Bg\e[99Ch\e[99Di\e[2Ej\e[Fk\e[40Gl\e[7dm\e[3`n\e[5ao\e[2ep" +
                "\e[12;70fq\e[0;0Hr\e[;5Hs\e[3H\e[Gt", Aspects.None, ""),
            ["erase"] = (
                Numbered[..200] + "\e[41m\e[3;4H\e[K\e[5;6H\e[1K\e[7;1H\e[2K\e[9;9H\e[J\e[2;3H\e[1J\e[0m" +
                "\e[12;1Hafter\e[44m\e[14;1H\e[2J\e[0mX", Aspects.None, ""),
            ["insert-delete-line"] = (
                Numbered + "\e[5;1H\e[2L\e[10;1H\e[3M\e[4;20r\e[6;1H\e[4L\e[18;1H\e[2M\e[2;1H\e[5L\e[r\e[20;1H\e[99M",
                Aspects.Scrollback, "a region starting on the top row feeds xterm's scrollback, ours only a full-screen scroll (see docs/terminal.md)"),
            ["insert-delete-char"] = (
                "abcdefghijklmnopqrstuvwxyz\e[1;5H\e[3@\e[1;10H\e[2P\e[2;1H0123456789\e[2;3H\e[99P\e[3;1Hxyz\e[3;2H\e[90@" +
                "\e[4;1H\e[43m0123456789\e[4;4H\e[2@\e[4;1H\e[3P\e[0m", Aspects.None, ""),
            ["erase-character"] = (
                "abcdefghijklmnopqrstuvwxyz\e[1;5H\e[3X\e[2;1H0123456789\e[2;8H\e[99X\e[3;1H\e[45mabcdef\e[3;2H\e[X\e[0m",
                Aspects.None, ""),
            ["scrolling-region"] = (
                "\e[1;1Htop\e[24;1Hbottom\e[5;15r" + Numbered + "\e[2;1Habove\e[5Aup\e[20;1Hbelow\e[99Bdown\e[15;1H\n\n\e[r\e[4;1Hx",
                Aspects.Scrollback, "a region starting on the top row feeds xterm's scrollback, ours only a full-screen scroll"),
            ["index-reverse-index"] = (
                Numbered + "\e[3;10r\e[3;1H\eM\eMri\e[10;1H\eD\eDind\e[6;4H\eEnel\e[r\e[1;1H\eMtop\e[24;1H\eD\eDend",
                Aspects.None, ""),
            ["scroll-up-down"] = (
                Numbered + "\e[2S\e[T\e[4;12r\e[3S\e[2T\e[r\e[1;1Hhome", Aspects.Scrollback,
                "SU inside a region on the top row: xterm keeps the lines, ours does not (full-screen scrolls only)"),
            ["tabs"] = (
                "a\tb\tc\r\n\e[3g\e[5GX\eH\e[20GY\eH\r\t1\t2\t3\r\n\e[c\e[2I>\e[Z<\e[9Z|\e[0g\r\n\e[3g\r\tz\ec\tq\t\t\e[99Iw",
                Aspects.None, ""),
            ["deferred-wrap"] = (
                new string('a', 80) + "b" + new string('c', 79) + "\rd" + "\e[4;1H" + new string('e', 80) + "\bf" +
                "\e[6;1H" + new string('g', 80) + "\e[?7l" + "hij" + "\e[?7h\e[8;75Hklmnopq" + "\e[10;1H" + new string('r', 80),
                Aspects.None, ""),
            ["save-restore"] = (
                // Not here: DECSC with a wrap pending. Ours saves the pending wrap (DEC's DECSC saves the wrap flag);
                // xterm.js does not, so after DECRC the next character overwrites the last column there.
                "\e[3;5H\e[1;31m\e(0\e7\e[0m\e(B\e[10;10Hmoved\e8qqq\e[0m\e(B\e[12;12H\e[s\e[1;1Hx\e[uback",
                Aspects.None, ""),
            ["dec-line-drawing"] = (
                "\e(0lqqqk\r\nx   x\r\nmqqqj\e(B ascii \e)0\x0e" + "tquvw~`afgjklmnopqrsx{|}" + "\x0f back\r\n\e(0\e[1;32mlqk\e(B",
                Aspects.None, ""),
            ["british-set"] = ("#\e(A#$\e(B#\e)A\x0e#\x0f#\e)0\x0eq\e(A\x0f#", Aspects.None, ""),
            ["sgr-16-colours"] = (
                string.Concat(Enumerable.Range(30, 8).Select(c => $"\e[{c}mf{c}")) + "\r\n" +
                string.Concat(Enumerable.Range(40, 8).Select(c => $"\e[{c}mb{c}")) + "\e[0m\r\n" +
                string.Concat(Enumerable.Range(90, 8).Select(c => $"\e[{c}mF{c}")) + "\r\n" +
                string.Concat(Enumerable.Range(100, 8).Select(c => $"\e[{c}mB{c}")) + "\e[39mdefault-fg\e[49mdefault-bg\e[m",
                Aspects.None, ""),
            ["sgr-256-colours"] = (
                string.Concat(Enumerable.Range(0, 256).Select(c => $"\e[38;5;{c}m{c % 10}")) + "\e[0m\r\n" +
                string.Concat(Enumerable.Range(0, 256).Select(c => $"\e[48:5:{c}m{c % 10}")) + "\e[m",
                Aspects.None, ""),
            ["sgr-true-colour"] = (
                "\e[38;2;255;128;0morange\e[48;2;0;0;128mnavy\e[0m \e[38:2::1:2:3mcolon\e[48:2:0:9:9:9mcs\e[m " +
                "\e[38;2;0;0;0mblack\e[m", Aspects.None, ""),
            ["sgr-renditions"] = (
                "\e[1mbold\e[22m \e[2mdim\e[22m \e[3mitalic\e[23m \e[4munder\e[24m \e[5mblink\e[25m \e[7minverse\e[27m " +
                "\e[8mhidden\e[28m \e[9mstrike\e[29m \e[1;4;7mall\e[0m \e[4:3mcurly\e[4:0mnone\e[m \e[1;2mbd\e[22mno",
                Aspects.None, ""),
            ["cursor-visibility"] = ("\e[?25lhidden\e[?25h\e[?25l", Aspects.None, ""),
            ["alternate-screen-1049"] = (
                "main text\e[5;5H\e[1;31m\e[?1049halt\e[2;2Hmore\e[?1049lback", Aspects.None, ""),
            // Not here: entering ?47 a second time. Ours (like xterm) shows the alternate screen as it was left;
            // xterm.js clears it on every entry.
            ["alternate-screen-1049-unbalanced"] = (
                "\e[3;4H\e7\e[10;10H\e[?1049l\e[?1049h\e[5;5H\e[?1049h\e[1;1Hstill here\e[?1049l\e[12;12H\e[?1049l" +
                "\e[?1049h\e[?1049h", Aspects.None, ""),
            ["alternate-screen-47"] = ("main\e[?47halt one\e[?47l main again", Aspects.None, ""),
            ["alternate-screen-1047"] = ("main\e[?1047halt\e[?1047l\e[?1047h", Aspects.None, ""),
            ["osc-dcs-swallowed"] = (
                "a\e]0;window title\ab\ePq#0;2;0;0;0~-\e\\d\eP1$qm\e\\c" +
                "\e_apc text\e\\e\e^pm text\e\\f\eXsos\e\\g\e]2;second title\e\\h\e]52;c;aGk=\ai", Aspects.None, ""),
            ["osc-8-hyperlink"] = (
                "before \e]8;;http://example.invalid/\e\\link\e]8;;\e\\ after", Aspects.Renditions,
                "xterm.js marks a hyperlink's cells underlined; ours swallows OSC 8 and leaves the text as it was"),
            ["utf8-wide"] = (
                "漢字かなカナ한국어\r\n" + new string('x', 79) + "漢" + "\e[3;1H漢字漢字\e[3;2Hx\e[3;5Hy" +
                "\e[4;1H漢字\e[4;1H\e[@\e[5;1Hé ü ñ ß Ω ж ─│┌┐", Aspects.None, ""),
            ["modes"] = (
                "\e[?1h\e=\e[?2004h\e[4h\e[?6h\e[5;10r\e[2;3Hin-region\e[?6l\e[r\e[1;1Habc\e[1;1HXY", Aspects.None, ""),
            ["scrollback"] = (
                string.Concat(Enumerable.Range(1, 60).Select(i => $"scrolled line {i} \e[3{i % 8}mcolour\e[m\r\n")) +
                "漢字 wide " + new string('w', 90), Aspects.None, ""),
            ["repeat"] = ("ab\e[5bc\e[0b\r\n─\e[3b", Aspects.None, ""),
            ["repeat-after-control"] = ("x\e[1m\e[3by\r\n\e[3bz\tq\e]2;t\a\e[2bw\e[2b\e[2b\e7\e[b\e(0\e[b", Aspects.None, ""),
            ["alignment"] = ("\e#8\e[12;30H\e[1;34m hello \e[m", Aspects.None, ""),
            ["soft-reset"] = ("\e[?25l\e[4h\e[5;10r\e[?6h\e[1;31mred\e[!pplain\e[1;1Htop", Aspects.None, ""),
            // Combining marks: xterm keeps them in the cell, ours keeps the base only; the base is compared.
            // Not here: a wide character in the last column with autowrap off. Ours draws it over the last two
            // columns; xterm.js drops it.
            // A wide character split by printing, ECH or DCH: the orphaned half is blanked in the splitting
            // operation's style. Not here: ICH inside one (xterm.js leaves the continuation half behind).
            ["wide-split"] = (
                "\e[41m漢字\e[m\e[1;2H\e[44mx\e[m\r\n\e[42m漢字\e[m\e[2;2H\e[45m\e[2X\e[m\r\n" +
                "\e[43m漢字\e[m\e[3;2H\e[46m\e[1P\e[m\r\n\e[41m漢\e[m\e[4;1H\e[44mx\e[m", Aspects.None, ""),
            ["emoji-and-combining"] = (
                "😀 smile ⌚ watch 🚀x\r\ne\u0301 n\u0303 a\u20dd\r\n" + new string('-', 79) + "😀", Aspects.None, ""),
            ["line-editing"] = (
                "$ echo helo world\b\b\b\b\b\b\e[1@l\e[C\e[C\e[C\e[C\e[C\e[C\e[K\r\nhello\r\n$ \e[7mreverse\e[27m\e[4D\e[2P\e[3X",
                Aspects.None, ""),
        };

    /// <summary>Not valid UTF-8: a lone continuation, truncated sequences, a surrogate, an overlong form, beyond U+10FFFF.</summary>
    public static readonly byte[] InvalidUtf8 =
        [(byte)'a', 0xFF, (byte)'b', 0xC3, (byte)'c', 0xE2, 0x82, (byte)'d', 0xED, 0xA0, 0x80, (byte)'e', 0xF0, 0x9F, 0x98,
         (byte)'f', 0xC0, 0xAF, (byte)'g', 0xF4, 0x90, 0x80, 0x80, (byte)'h', 0xE6, 0xBC, 0xA2, (byte)'i', 0x80, 0x80];

    public static (byte[] Data, Aspects Skipped, string Why) Get(string name) =>
        (Encoding.UTF8.GetBytes(All[name].Text), All[name].Skipped, All[name].Why);
}
