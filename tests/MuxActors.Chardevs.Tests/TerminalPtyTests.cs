using Akka.Actor;
using Akka.TestKit.Xunit2;
using MuxActors.Chardevs.Pty;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;
using MuxActors.Hocon;
using MuxActors.Posix;
using Xunit.Abstractions;

namespace MuxActors.Chardevs.Tests.Terminal;

public sealed class TerminalPtyTests : TestKit
{
    private readonly TerminalTempDir _dir = new();
    private readonly TerminalPortRecorder _mux;
    private readonly string _link;

    public TerminalPtyTests(ITestOutputHelper output)
        : base(TerminalKit.Config, output)
    {
        _mux = new TerminalPortRecorder(CreateTestProbe("mux"));
        _link = _dir.File("vm1.pty");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_port_opens_when_a_program_opens_the_link_and_carries_every_byte_both_ways(bool polling)
    {
        StartPty(polling);
        await TerminalIo.WaitUntilAsync(() => PublishedSymlink.ReadLink(_link) is not null, "the link is published");
        await _mux.Probe.ExpectNoMsgAsync(); // nobody has the slave open: the port stays closed

        using var client = TerminalIo.OpenClient(_link);
        var opened = await _mux.OpenedAsync();
        Assert.Equal(new PortInfo("tty", PortRole.Backend, _link), opened.Info with { Link = null }); // the link is the session's own

        var data = TerminalIo.AllByteValues(repeats: 16); // CR, LF, ^C, ^D, ^S, 0x7f, 0xff... all unchanged
        var fromClient = client.Stream.WriteAsync(data, TerminalIo.Deadline());
        Assert.Equal(data, await _mux.BytesAsync(data.Length));
        await fromClient;

        var atClient = TerminalIo.ReadExactlyAsync(client.Stream, data.Length);
        _mux.Write(data);
        Assert.Equal(data, await atClient);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_hang_up_recreates_the_pty_behind_the_same_link_and_a_new_program_attaches(bool polling)
    {
        StartPty(polling);
        await TerminalIo.WaitUntilAsync(() => PublishedSymlink.ReadLink(_link) is not null, "the link is published");
        var first = PublishedSymlink.ReadLink(_link);
        using (var client = TerminalIo.OpenClient(_link))
        {
            await _mux.OpenedAsync();
            await TerminalIo.WriteAsync(client.Stream, "one");
            await _mux.TextAsync("one");
        }

        var closed = await _mux.ClosedAsync();
        Assert.Contains("closed", closed.Reason, StringComparison.Ordinal);
        await TerminalIo.WaitUntilAsync(() => PublishedSymlink.ReadLink(_link) is { } target && target != first, "the link points at a new pty");
        Assert.StartsWith("/dev/pts/", PublishedSymlink.ReadLink(_link), StringComparison.Ordinal);

        using var again = TerminalIo.OpenClient(_link);
        await _mux.OpenedAsync(2);
        await TerminalIo.WriteAsync(again.Stream, "two\r\n");
        await _mux.TextAsync("onetwo\r\n");
        var atClient = TerminalIo.ReadUntilAsync(again.Stream, "back\r\n");
        _mux.Write("back\r\n");
        Assert.Equal("back\r\n", await atClient);
    }

    [Fact]
    public async Task Output_while_nobody_reads_goes_nowhere_and_a_late_reader_sees_only_what_follows()
    {
        var actor = StartPty(polling: false);
        await TerminalIo.WaitUntilAsync(() => PublishedSymlink.ReadLink(_link) is not null, "the link is published");
        actor.Tell(new WriteData(0, "lost"u8.ToArray()), _mux.Probe.Ref); // not open: the port drops it (the mux would not even send it)

        using var client = TerminalIo.OpenClient(_link);
        await _mux.OpenedAsync();
        var atClient = TerminalIo.ReadUntilAsync(client.Stream, "live");
        _mux.Write("live");
        Assert.Equal("live", await atClient);
    }

    [Fact]
    public async Task Two_programs_on_the_link_keep_the_port_open_until_both_close()
    {
        StartPty(polling: false);
        await TerminalIo.WaitUntilAsync(() => PublishedSymlink.ReadLink(_link) is not null, "the link is published");
        var first = TerminalIo.OpenClient(_link);
        using var second = TerminalIo.OpenClient(_link);
        await _mux.OpenedAsync();

        first.Dispose();
        await TerminalIo.WriteAsync(second.Stream, "still here");
        await _mux.TextAsync("still here");
        Assert.Equal(0, _mux.Count<PortClosed>());
    }

    [Fact]
    public async Task The_mux_closing_the_port_hangs_up_the_program_and_keeps_the_link()
    {
        var actor = StartPty(polling: false);
        await TerminalIo.WaitUntilAsync(() => PublishedSymlink.ReadLink(_link) is not null, "the link is published");
        var first = PublishedSymlink.ReadLink(_link);
        using var client = TerminalIo.OpenClient(_link);
        await _mux.OpenedAsync();
        var pending = client.Stream.ReadAsync(new byte[16]).AsTask();

        actor.Tell(new ClosePort("stalled"), _mux.Probe.Ref);

        Assert.Equal("stalled", (await _mux.ClosedAsync()).Reason);
        await Assert.ThrowsAsync<IOException>(() => pending.WaitAsync(TerminalIo.Timeout)); // the program sees a hang-up
        await TerminalIo.WaitUntilAsync(() => PublishedSymlink.ReadLink(_link) is { } target && target != first, "the link points at a new pty");
    }

    [Fact]
    public async Task A_link_whose_folder_cannot_be_created_fails_the_actor_with_the_path_in_the_error()
    {
        // The link's folder is created when missing; here its parent is a regular file, so it cannot be.
        var blocker = Path.Combine(_dir.Path, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "");
        var link = Path.Combine(blocker, "x.pty");
        var failures = CreateTestProbe("failures");
        var spec = Spec($"type = pty, link = {TerminalMux.Quote(link)}");
        var stopAndReport = new OneForOneStrategy(cause =>
        {
            failures.Ref.Tell(cause);
            return Directive.Stop;
        });
        var parent = Sys.ActorOf(Props.Create(() => new TerminalParent(new PtyChardev().CreateProps(spec, _mux.Context(PortRole.Backend)), stopAndReport)));

        var error = await failures.ExpectMsgAsync<Exception>();
        Assert.Contains(blocker, error.Message, StringComparison.Ordinal);
        Sys.Stop(parent);
    }

    [Fact]
    public async Task A_link_in_a_missing_folder_gets_its_folder_created()
    {
        var link = Path.Combine(_dir.Path, "new", "deeper", "x.pty");
        var spec = Spec($"type = pty, link = {TerminalMux.Quote(link)}");
        var tty = Sys.ActorOf(new PtyChardev().CreateProps(spec, _mux.Context(PortRole.Backend)), "tty-deep");
        await AwaitLinkAsync(link);
        Assert.StartsWith("/dev/pts/", PublishedSymlink.ReadLink(link), StringComparison.Ordinal);
        Sys.Stop(tty);
    }

    private static async Task AwaitLinkAsync(string link)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (PublishedSymlink.ReadLink(link) is null)
            await Task.Delay(10, cts.Token); // polling the file system for the link, bounded by the deadline
    }

    private IActorRef StartPty(bool polling)
    {
        var kind = new PtyChardev { ForcePolling = polling };
        return Sys.ActorOf(kind.CreateProps(Spec($"type = pty, link = {TerminalMux.Quote(_link)}"), _mux.Context(PortRole.Backend)), "tty");
    }

    private static ChardevSpec Spec(string hocon) => new("tty", "pty", HoconConfig.FromString(hocon), null, "tty");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            _dir.Dispose();
    }
}
