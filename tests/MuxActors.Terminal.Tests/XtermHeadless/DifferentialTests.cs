namespace MuxActors.Terminal.Tests.XtermHeadless;

/// <summary>
/// The screen model against @xterm/headless: the same bytes to both, the screens compared cell by cell (character,
/// width, colours, renditions), then the cursor, modes, title and scrollback. Recordings are compared at several
/// points along the stream, so a full-screen program's intermediate screens count too.
/// </summary>
public sealed class DifferentialTests(XtermFixture fixture) : IClassFixture<XtermFixture>
{
    private const int Cols = 80, Rows = 24, ScrollbackLines = 1000;

    /// <summary>Points along a recording where the screens are compared (the end always is).</summary>
    private const int Checkpoints = 16;

    public static TheoryData<string> Constructed => [.. ConstructedStreams.All.Keys];

    public static TheoryData<string> Recorded => [.. Recordings.Names];

    [XtermTheory]
    [MemberData(nameof(Constructed))]
    public async Task Constructed_stream_draws_what_xterm_draws(string name)
    {
        (byte[] data, Aspects skipped, string why) = ConstructedStreams.Get(name);
        Assert.True(skipped == Aspects.None || why.Length > 0, "a skipped aspect needs its reason");
        await CompareAsync(name, data, Aspects.All & ~skipped, [data.Length]);
    }

    [XtermTheory]
    [MemberData(nameof(Recorded))]
    public async Task Recorded_program_draws_what_xterm_draws(string name)
    {
        byte[] data = Recordings.Read(name);
        int[] cuts = [.. Enumerable.Range(1, Checkpoints).Select(i => (int)((long)data.Length * i / Checkpoints))];
        await CompareAsync(name, data, Aspects.All & ~Recordings.Skipped(name), cuts);
    }

    /// <summary>
    /// Ours draws each invalid subpart as U+FFFD (WHATWG, as xterm does); xterm.js drops it. What both must agree on
    /// is everything else: the decoder picks up again at the right byte.
    /// </summary>
    [XtermFact]
    public async Task Invalid_utf8_resynchronises_where_xterm_does()
    {
        byte[] data = ConstructedStreams.InvalidUtf8;
        var screen = new Screen(Cols, Rows, ScrollbackLines);
        screen.Feed(data);
        XtermScreen xterm = await fixture.Xterm.RenderAsync(data, Cols, Rows, ScrollbackLines);
        Assert.Equal(xterm.Text[0], screen.TextOf(0).Replace("\uFFFD", "", StringComparison.Ordinal));
        Assert.Equal("a�b�c�d���e�f��g����h漢i��", screen.TextOf(0));
    }

    private async Task CompareAsync(string name, byte[] data, Aspects compared, int[] cuts)
    {
        var screen = new Screen(Cols, Rows, ScrollbackLines);
        int fed = 0;
        foreach (int cut in cuts)
        {
            screen.Feed(data.AsSpan(fed, cut - fed));
            fed = cut;
            XtermScreen xterm = await fixture.Xterm.RenderAsync(data[..cut], Cols, Rows, ScrollbackLines);
            List<string> differences = ScreenComparison.Differences(screen, xterm, compared);
            if (differences.Count > 0)
            {
                Assert.Fail($"{name}, after {cut} of {data.Length} bytes:\n{string.Join('\n', differences)}\n" +
                    ScreenComparison.SideBySide(screen, xterm));
            }
        }
    }
}
