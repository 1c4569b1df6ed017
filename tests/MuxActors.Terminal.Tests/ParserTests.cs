using System.Text;

namespace MuxActors.Terminal.Tests;

public class ParserTests
{
    /// <summary>Records what the parser recognised, one readable line per call.</summary>
    private sealed class Recorder : IVtHandler
    {
        public List<string> Events { get; } = [];

        public void Print(int codePoint) => Events.Add($"print {char.ConvertFromUtf32(codePoint)}");

        public void PrintAscii(ReadOnlySpan<byte> text) => Events.Add($"print {Encoding.ASCII.GetString(text)}");

        public void Execute(int control) => Events.Add($"exec {control:X2}");

        public void EscDispatch(VtSequence sequence) => Events.Add($"esc {Header(sequence)}");

        public void CsiDispatch(VtSequence sequence) => Events.Add($"csi {Header(sequence)}");

        public void OscDispatch(ReadOnlySpan<char> data) => Events.Add($"osc {data}");

        public void DcsDispatch(VtSequence sequence, ReadOnlySpan<char> data) => Events.Add($"dcs {Header(sequence)} {data}");

        private static string Header(VtSequence s)
        {
            var text = new StringBuilder();
            if (s.Marker != 0)
                text.Append((char)s.Marker);
            for (int i = 0; i < s.Count; i++)
                text.Append(i == 0 ? "" : s.IsSubParam(i) ? ":" : ";").Append(s.Raw(i));
            if (s.Intermediate != 0)
                text.Append((char)s.Intermediate);
            if (s.Intermediate2 != 0)
                text.Append((char)s.Intermediate2);
            return text.Append((char)s.Final).ToString();
        }
    }

    private static List<string> Parse(params byte[][] chunks)
    {
        var recorder = new Recorder();
        var parser = new VtParser(recorder);
        foreach (byte[] chunk in chunks)
            parser.Feed(chunk);
        return recorder.Events;
    }

    private static List<string> Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Ascii_runs_arrive_whole_and_controls_are_executed()
    {
        Assert.Equal(["print hello", "exec 0D", "exec 0A", "print world"], Parse("hello\r\nworld"));
    }

    [Fact]
    public void Csi_with_parameters_marker_and_intermediates()
    {
        Assert.Equal(["csi 1;31m", "csi ?1049h", "csi >c", "csi !p", "csi 5;0;7H"], Parse("\e[1;31m\e[?1049h\e[>c\e[!p\e[5;;7H"));
    }

    [Fact]
    public void Colons_are_sub_parameters()
    {
        Assert.Equal(["csi 38:2:0:1:2:3m"], Parse("\e[38:2::1:2:3m"));
    }

    [Fact]
    public void Escape_sequences_with_intermediates()
    {
        Assert.Equal(["esc (0", "esc 7", "esc #8", "esc c"], Parse("\e(0\e7\e#8\ec"));
    }

    [Fact]
    public void Osc_ends_with_bel_or_st_and_can_aborts_it()
    {
        Assert.Equal(["osc 0;title", "osc 2;other", "esc \\", "exec 18", "print x"],
            Parse("\e]0;title\a\e]2;other\e\\\e]2;lost\x18x"));
    }

    [Fact]
    public void Dcs_is_collected_then_dispatched_at_st()
    {
        Assert.Equal(["dcs $q \"p", "esc \\", "print after"], Parse("\eP$q\"p\e\\after"));
        Assert.Equal(["dcs 1;2| abc", "esc \\"], Parse("\eP1;2|abc\e\\"));
    }

    [Fact]
    public void Sos_pm_apc_strings_are_swallowed()
    {
        Assert.Equal(["esc \\", "print a", "esc \\", "print b", "esc \\", "print c"],
            Parse("\eXsos\e\\a\e^pm\e\\b\e_apc text\e\\c"));
    }

    [Fact]
    public void Controls_inside_a_csi_execute_without_breaking_it()
    {
        Assert.Equal(["exec 0D", "csi 2J"], Parse("\e[2\rJ"));
    }

    [Fact]
    public void Malformed_csi_is_ignored_up_to_its_final()
    {
        Assert.Equal(["print x"], Parse("\e[1?2hx"));
        Assert.Equal(["print y"], Parse("\e[1 2hy"));
    }

    [Fact]
    public void Parameters_are_clamped_in_count_and_value()
    {
        var many = string.Join(';', Enumerable.Range(1, 100));
        var events = Parse($"\e[{many}m\e[99999999A");
        Assert.Equal($"csi {string.Join(';', Enumerable.Range(1, VtSequence.MaxParams))}m", events[0]);
        Assert.Equal($"csi {VtSequence.MaxValue}A", events[1]);
    }

    [Fact]
    public void Utf8_split_across_feeds_is_decoded()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("é漢😀");
        var chunks = bytes.Select(b => new[] { b }).ToArray();
        Assert.Equal(["print é", "print 漢", "print 😀"], Parse(chunks));
    }

    [Fact]
    public void Invalid_utf8_becomes_replacement_characters()
    {
        // stray continuation, overlong C0, truncated sequence before ASCII, surrogate, above U+10FFFF
        var events = Parse([0x80, 0xC0, 0xAF, 0xE6, 0xBC, (byte)'a', 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80]);
        // 80 | C0 | AF | E6 BC | a | ED | A0 | 80 | F4 | 90 | 80 | 80
        Assert.Equal(12, events.Count);
        Assert.Equal("print a", events[4]);
        Assert.All(events.Where(e => e != "print a"), e => Assert.Equal("print \uFFFD", e));
    }

    [Fact]
    public void Escape_interrupts_a_partial_utf8_sequence()
    {
        Assert.Equal(["print \uFFFD", "csi m"], Parse([0xE6, 0xBC, 0x1B, (byte)'[', (byte)'m']));
    }

    [Fact]
    public void C1_code_points_are_ignored_in_utf8_mode()
    {
        Assert.Equal(["print a", "print b"], Parse("a\u009bb"));
        Assert.Equal(["print x"], Parse("\u0090x"));
    }

    [Fact]
    public void Osc_strings_are_capped()
    {
        var recorder = new Recorder();
        var parser = new VtParser(recorder);
        parser.Feed(Encoding.UTF8.GetBytes("\e]2;" + new string('t', 100_000) + "\a"));
        Assert.Equal(VtParser.MaxStringLength + 4, recorder.Events[0].Length);
    }

    [Fact]
    public void Delete_is_ignored_in_ground()
    {
        Assert.Equal(["print a", "print b"], Parse("a\u007fb"));
    }

    [Fact]
    public void States_are_reported()
    {
        var parser = new VtParser(new Recorder());
        parser.Feed("\e["u8);
        Assert.Equal(VtParserState.CsiEntry, parser.State);
        parser.Feed("1;"u8);
        Assert.Equal(VtParserState.CsiParam, parser.State);
        parser.Feed("m\e]"u8);
        Assert.Equal(VtParserState.OscString, parser.State);
        parser.Feed("\aEP"u8);
        Assert.Equal(VtParserState.Ground, parser.State);
        parser.Feed("\eP1"u8);
        Assert.Equal(VtParserState.DcsParam, parser.State);
        parser.Feed("q"u8);
        Assert.Equal(VtParserState.DcsPassthrough, parser.State);
    }
}
