using System.Text.RegularExpressions;
using Akka.Actor;
using MuxActors.Chardevs.Serial;
using MuxActors.Chardevs.Tests.Harness;
using MuxActors.Core.Mux;
using MuxActors.Core.MuxFe;
using MuxActors.Posix;
using MuxActors.TestSupport;
using PosixPty = MuxActors.Posix.Pty;

namespace MuxActors.Chardevs.Tests;

/// <summary>
/// QEMU's <c>/char/mux</c> scenario ported to a frontend mux of real chardevs: the backend is a unix socket the test
/// types into, the consoles are unix-client chardevs connected to stand-in VMs (or serial chardevs on pty pairs, where
/// a BREAK can be seen).
/// </summary>
public sealed class FrontendMuxScenarioTests
{
    private const string Term = """
        muxactors.muxes.term {
          type = mux-fe
          backend { type = unix-server, path = term.sock }
          frontends {
            vm1 { type = unix-client, path = vm1.sock, reconnect = 100ms }
            vm2 { type = unix-client, path = vm2.sock, reconnect = 100ms }
          }
          max-frontends = 2
        }
        """;

    private sealed class Rig : IAsyncDisposable
    {
        public MuxHarness Mux { get; } = MuxHarness.Create();
        public FakeVm Vm1 { get; private set; } = null!;
        public FakeVm Vm2 { get; private set; } = null!;
        public SocketPeer Console1 { get; private set; } = null!;
        public SocketPeer Console2 { get; private set; } = null!;
        public SocketPeer Terminal { get; private set; } = null!;

        public static async Task<Rig> StartAsync(string hocon = Term)
        {
            var rig = new Rig();
            rig.Vm1 = FakeVm.ListenUnix(rig.Mux.PathOf("vm1.sock"));
            rig.Vm2 = FakeVm.ListenUnix(rig.Mux.PathOf("vm2.sock"));
            rig.Mux.Start(hocon);
            rig.Console1 = await rig.Vm1.AcceptAsync();
            rig.Console2 = await rig.Vm2.AcceptAsync();
            await rig.Mux.ConsoleUpAsync(2);
            rig.Terminal = await rig.Mux.ConnectUnixAsync("backend");
            return rig;
        }

        public async ValueTask DisposeAsync()
        {
            await Terminal.DisposeAsync();
            await Vm1.DisposeAsync();
            await Vm2.DisposeAsync();
            await Mux.DisposeAsync();
        }
    }

    [Fact]
    public async Task Input_reaches_only_the_focused_console_and_ctrl_a_c_moves_the_focus()
    {
        await using var rig = await Rig.StartAsync();

        await rig.Terminal.SendAsync("ls\r");
        Assert.Equal("ls\r", await rig.Console1.ReceiveTextAsync(3));

        await rig.Terminal.SendAsync("\u0001c");
        await rig.Terminal.ReceiveUntilAsync("\r\n[muxactors: focus on console 'vm2']\r\n");
        var moved = await rig.Mux.Events.WaitForAsync<FocusChanged>();
        Assert.Equal(("vm2", "vm1"), (moved.Console, moved.Previous));
        await rig.Terminal.SendAsync("pwd\r");
        Assert.Equal("pwd\r", await rig.Console2.ReceiveTextAsync(4)); // the first bytes vm2 ever got: "ls" went to vm1 only

        await rig.Terminal.SendAsync("\u0001cid\r"); // round the ring, back to vm1
        Assert.Equal("id\r", await rig.Console1.ReceiveTextAsync(3)); // vm1's next bytes: "pwd" went to vm2 only
        var back = await rig.Mux.Events.WaitForAsync<FocusChanged>(count: 2);
        Assert.Equal(("vm1", "vm2"), (back.Console, back.Previous));
        Assert.Equal("vm1", (await rig.Mux.StatusAsync()).Focus);
    }

    [Fact]
    public async Task Output_of_every_console_reaches_the_backend_focused_or_not()
    {
        await using var rig = await Rig.StartAsync();
        await rig.Console2.SendAsync("from vm2\r\n");
        await rig.Terminal.ReceiveUntilAsync("from vm2\r\n");
        await rig.Console1.SendAsync("from vm1\r\n");
        await rig.Terminal.ReceiveUntilAsync("from vm1\r\n");
    }

    [Fact]
    public async Task Escape_twice_is_one_literal_escape_and_another_key_is_swallowed()
    {
        await using var rig = await Rig.StartAsync();
        await rig.Terminal.SendAsync("a\u0001\u0001b\u0001zc\r");
        Assert.Equal("a\u0001bc\r", await rig.Console1.ReceiveTextAsync(5));
    }

    [Fact]
    public async Task Ctrl_a_question_mark_writes_the_help_to_the_backend()
    {
        await using var rig = await Rig.StartAsync();
        await rig.Terminal.SendAsync("\u0001?");
        var help = await rig.Terminal.ReceiveUntilAsync("send Ctrl-A itself\r\n");
        Assert.Contains("[muxactors: keys after Ctrl-A]", help, StringComparison.Ordinal);
        Assert.Contains("Ctrl-A c   focus the next console (now: vm1)", help, StringComparison.Ordinal);
        await rig.Terminal.SendAsync("\u0001h");
        await rig.Terminal.ReceiveUntilAsync("[muxactors: keys after Ctrl-A]");
    }

    [Fact]
    public async Task Ctrl_a_t_stamps_output_lines_and_turns_it_off_again()
    {
        await using var rig = await Rig.StartAsync();
        // "go" reaches the console after the mux handled the toggle before it: output sent from then on is stamped.
        await rig.Terminal.SendAsync("\u0001tgo\r");
        Assert.Equal("go\r", await rig.Console1.ReceiveTextAsync(3));
        await rig.Console1.SendAsync("booted\r\n");
        Assert.Matches(new Regex(@"^\[\d\d:\d\d:\d\d\.\d\d\d\] booted\r\n$"), await rig.Terminal.ReceiveUntilAsync("booted\r\n"));
        await rig.Console2.SendAsync("two\r\nlines\r\n");
        Assert.Matches(new Regex(@"^\[\d\d:\d\d:\d\d\.\d\d\d\] two\r\n\[\d\d:\d\d:\d\d\.\d\d\d\] lines\r\n$"), await rig.Terminal.ReceiveUntilAsync("lines\r\n"));

        await rig.Terminal.SendAsync("\u0001tping\r");
        await rig.Console1.ReceiveTextAsync(5); // the escape was handled before "ping" was passed on
        await rig.Console1.SendAsync("plain\r\n");
        Assert.Equal("plain\r\n", await rig.Terminal.ReceiveUntilAsync("plain\r\n"));
    }

    [Fact]
    public async Task Ctrl_a_x_closes_the_backend_connection()
    {
        await using var rig = await Rig.StartAsync();
        await rig.Terminal.SendAsync("\u0001x");
        await rig.Terminal.ReceiveToEndAsync();
        var detached = await rig.Mux.Events.WaitForAsync<PortDetached>(e => e.ChardevId == "backend");
        Assert.Equal("detached with Ctrl-A x", detached.Reason);
    }

    [Fact]
    public async Task More_frontends_than_max_frontends_are_refused_with_qemus_message()
    {
        await using var rig = await Rig.StartAsync();
        var spec = rig.Mux.Read("""
            muxactors.muxes.other { type = mux-fe, backend { type = null }, frontends { vm3 { type = unix-client, path = vm3.sock } } }
            """).Muxes[0].Consoles[0];
        var result = await rig.Mux.Mux.Ask<MuxCommandResult>(new AddBackend(spec), TestTimeouts.Dilated(TimeSpan.FromSeconds(5)));
        Assert.Equal((false, "too many uses of multiplexed chardev 'term' (maximum is 2)", "limit"), (result.Ok, result.Error, result.Code));
    }

    [Fact]
    public async Task Ctrl_a_b_sends_a_break_to_the_focused_console_only()
    {
        await using var mux = MuxHarness.Create();
        using var wire1 = PosixPty.Open();
        using var wire2 = PosixPty.Open();
        using var link1 = PublishedSymlink.Publish(mux.PathOf("ttyS0"), wire1.SlavePath);
        using var link2 = PublishedSymlink.Publish(mux.PathOf("ttyS1"), wire2.SlavePath);
        mux.Start("""
            muxactors.muxes.term {
              type = mux-fe
              backend { type = unix-server, path = term.sock }
              frontends { s0 { type = serial, path = ttyS0 }, s1 { type = serial, path = ttyS1 } }
            }
            """);
        await mux.ConsoleUpAsync(2);
        await using var terminal = await mux.ConnectUnixAsync("backend");

        await terminal.SendAsync("\u0001b");
        Assert.Equal("s0", (await mux.Events.WaitForAsync<SerialBreakSent>()).ChardevId);
        await terminal.SendAsync("\u0001c\u0001b");
        Assert.Equal("s1", (await mux.Events.WaitForAsync<SerialBreakSent>(count: 2)).ChardevId);
        Assert.Equal(["s0", "s1"], mux.Events.Of<SerialBreakSent>().Select(e => e.ChardevId));
    }
}
