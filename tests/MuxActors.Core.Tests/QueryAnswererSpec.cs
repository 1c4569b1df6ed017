using MuxActors.Core.Protocol;
using Xunit.Abstractions;

namespace MuxActors.Core.Tests;

/// <summary>One port per mux answers the guest's terminal queries: the first screen model to open, then the next.</summary>
public sealed class QueryAnswererSpec(ITestOutputHelper output) : ProbedMuxSpec(output)
{
    private static PortOpened Emulator(string id) =>
        new(new PortInfo(id, PortRole.Backend, "probe:" + id) { AnswersQueries = true });

    [Fact]
    public async Task The_first_emulator_answers_and_the_role_passes_on_when_it_closes()
    {
        await StartMux("t", "a { type = probe, open = off }, b { type = probe, open = off }, plain { type = probe }", "", "a", "b", "plain");
        Emit("a", Emulator("a"));
        Assert.True((await Probe("a").FishForMessageAsync<AnswerQueries>(_ => true)).Answer);
        Emit("b", Emulator("b"));
        await Probe("b").ExpectNoMsgAsync(); // no output was sent: nothing at all arrives

        Emit("a", new PortClosed("page gone"));
        Assert.True((await Probe("b").FishForMessageAsync<AnswerQueries>(_ => true)).Answer);
        await Probe("plain").ExpectNoMsgAsync();
    }

    [Fact]
    public async Task A_read_only_answerer_answers_the_guest_while_the_read_only_port_beside_it_is_still_ignored()
    {
        // Which emulator opens first is a race between their listeners: a read-only viewer can be the answerer.
        await StartMux("t", "ro { type = probe, open = off, read-only = on }, ro2 { type = probe, open = off, read-only = on }, plain { type = probe }",
            "", "ro", "ro2", "plain");
        Emit("ro", Emulator("ro"));
        Assert.True((await Probe("ro").FishForMessageAsync<AnswerQueries>(_ => true)).Answer);
        Emit("ro2", Emulator("ro2"));

        Emit("ro2", Data("typed"));
        Emit("ro", Data("\u001b[5;1R"));
        Assert.Equal("\u001b[5;1R", Text(await Probe("frontend").FishForMessageAsync<WriteData>(_ => true)));
        Assert.Equal(5, (await StatusVia("ro2")).InputDiscarded);
    }

    [Fact]
    public async Task A_lossless_port_is_never_skipped_ahead_whatever_its_backend_policy_says()
    {
        await StartMux("t", "a { type = probe, open = off, on-overflow = drop }, plain { type = probe, on-overflow = drop }",
            "output { high-water = 1KiB, low-water = 512, window = 512 }", "a", "plain");
        Emit("a", new PortOpened(new PortInfo("a", PortRole.Backend, "probe:a") { Lossless = true }));
        await StatusVia("a"); // the mux has it open before the output comes (from another port: no order between them)
        for (var i = 0; i < 8; i++)
            Emit("frontend", Data(new string('x', 512)));
        // Nothing is acknowledged: a drop sink skips ahead; the lossless one pauses the console instead.
        await Probe("frontend").FishForMessageAsync<PauseReading>(_ => true);
        var status = await StatusVia("plain");
        Assert.True(status.FrontendPaused);
        Assert.Equal(0, status.Ports.Single(p => p.ChardevId == "a").Dropped);
        Assert.True(status.Ports.Single(p => p.ChardevId == "plain").Dropped > 0, "the drop sink beside it did skip");
    }
}
