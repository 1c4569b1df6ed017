using System.Text;
using System.Text.RegularExpressions;

namespace MuxActors.Terminal.Tests.XtermHeadless;

/// <summary>
/// Seeded random output (RandomOutput.Realistic) to both terminals, without the sequences where the two are known to
/// differ by design (see docs/terminal.md, "Tests"), compared in full except the scrollback and the last column's
/// style. On a difference, the shortest failing prefix is found and its last pieces shown.
/// </summary>
public sealed partial class RandomDifferentialTests(XtermFixture fixture) : IClassFixture<XtermFixture>
{
    private const int Pieces = 200;

    public static TheoryData<int> Seeds => [.. Enumerable.Range(0, 40)];

    [XtermTheory]
    [MemberData(nameof(Seeds))]
    public async Task Random_output_draws_what_xterm_draws(int seed)
    {
        var rng = new Random(seed);
        string[] pieces = [.. Enumerable.Range(0, Pieces).Select(_ => Comparable(RandomOutput.Realistic(rng, 1, 80, 24)))];
        if ((await DifferencesAsync(pieces, Pieces)).Count == 0)
            return;
        int good = 0, bad = Pieces;
        while (bad - good > 1)
        {
            int mid = (good + bad) / 2;
            if ((await DifferencesAsync(pieces, mid)).Count > 0)
                bad = mid;
            else
                good = mid;
        }
        string last = string.Join(" | ", pieces.Skip(Math.Max(0, bad - 6)).Take(Math.Min(6, bad)).Select(Visible));
        Assert.Fail($"seed {seed}: first differs after piece {bad}: …{last}\n{string.Join('\n', await DifferencesAsync(pieces, bad))}");
    }

    private async Task<List<string>> DifferencesAsync(string[] pieces, int count)
    {
        byte[] data = Encoding.UTF8.GetBytes(string.Concat(pieces.Take(count)));
        var screen = new Screen(80, 24, 1000);
        screen.Feed(data);
        XtermScreen xterm = await fixture.Xterm.RenderAsync(data, 80, 24, 1000);
        return ScreenComparison.Differences(screen, xterm, Aspects.All & ~Aspects.Scrollback & ~Aspects.LastColumnStyle);
    }

    /// <summary>The piece without what the two do differently on purpose.</summary>
    private static string Comparable(string piece) =>
        Excluded().IsMatch(piece) ? "" : RapidBlink().Replace(piece, "5");

    // The screen switches (xterm.js clears the alternate screen on every entry and keeps a scrolling region per
    // screen), DECSC/DECRC in all forms (DECOM, designations, pending wrap), ?7l (a wide character in the last
    // column), SD (xterm.js blanks with the default background, not the current one), DECSTR, RIS, and origin mode
    // (xterm.js 6.0.0 moves CUU down there: ESC[5;13r ESC[?6h ESC[3;1H ESC[A leaves the cursor on row 10, not 6),
    // and HT (with a wrap pending xterm.js keeps it, ours cancels it and stays on the last column).
    [GeneratedRegex(@"\t|\e\[\?6h|\e\[\?(47|1047|1048|1049|7)[hl]|\e[78]|\e\[[su]|\e\[\d*T|\e\[!p|\ec")]
    private static partial Regex Excluded();

    // SGR 6: rapid blink, which xterm.js ignores.
    [GeneratedRegex(@"(?<=\e\[(?:[0-9:]*;)*)6(?=[;m])")]
    private static partial Regex RapidBlink();

    private static string Visible(string piece) =>
        piece.Replace("\e", "\\e", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
