using System.Text;
using Akka.Actor;
using MuxActors.Chardevs.Sinks;
using MuxActors.Chardevs.Tests.Harness;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Tests;

/// <summary>Mux features seen through real chardevs: read-only clients, scrollback for late joiners, BREAK.</summary>
public sealed class MuxBehaviourTests
{
    [Fact]
    public async Task Input_from_a_read_only_backend_is_discarded_and_counted()
    {
        await using var mux = MuxHarness.Create();
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        mux.Start("""
            muxactors.muxes.m {
              frontend { type = unix-client, path = vm.sock, reconnect = 100ms }
              backends {
                watch { type = unix-server, path = watch.sock, read-only = on }
                admin { type = unix-server, path = admin.sock }
              }
            }
            """);
        var console = await vm.AcceptAsync();
        await mux.ConsoleUpAsync();
        await using var watcher = await mux.ConnectUnixAsync("watch");
        await using var admin = await mux.ConnectUnixAsync("admin");

        await watcher.SendAsync("reboot\r");
        await mux.AwaitStatusAsync(s => s.InputDiscarded == 7, "the read-only client's 7 bytes are counted as discarded");
        await admin.SendAsync("uptime\r");
        Assert.Equal("uptime\r", await console.ReceiveTextAsync(7)); // the first bytes the console ever gets
        var status = await mux.StatusAsync();
        Assert.Equal(7, status.InputBytes);
        Assert.Equal(7, status.InputDiscarded);
    }

    [Fact]
    public async Task A_late_joiner_with_replay_gets_the_last_bytes_first_then_the_live_output()
    {
        await using var mux = MuxHarness.Create();
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        mux.Start("""
            muxactors.muxes.m {
              frontend { type = unix-client, path = vm.sock, reconnect = 100ms }
              backends {
                log { type = null }
                late { type = unix-server, path = late.sock, replay = 10 }
              }
            }
            """);
        var console = await vm.AcceptAsync();
        await mux.AttachedAsync("log");

        await console.SendAsync("0123456789ABCDEFGHIJ");
        await mux.AwaitStatusAsync(s => s.OutputBytes == 20, "the mux read 20 bytes");
        await using var late = await mux.ConnectUnixAsync("late");
        Assert.Equal("ABCDEFGHIJ", await late.ReceiveTextAsync(10));
        await console.SendAsync("live");
        Assert.Equal("live", await late.ReceiveTextAsync(4));
    }

    /// <summary>
    /// BREAK is tested with a ringbuf member (InjectBreak makes it report a BREAK, as a client's terminal would) and
    /// a probe as the console port, because socket consoles have no BREAK to observe.
    /// </summary>
    [Fact]
    public async Task A_break_from_a_backend_reaches_the_console_port()
    {
        await using var mux = MuxHarness.Create();
        var console = mux.CreateProbe();
        var taps = mux.CreateProbe();
        var registry = TestRegistries.BuiltInWith(new ProbeFrontendKind(console.Ref), new TappedKind(new RingbufKind(), taps.Ref));
        mux.Start("""
            muxactors.muxes.m {
              frontend { type = probe }
              backends { member { type = ringbuf } }
            }
            """, registry);
        var member = (await Rings.TappedAsync(taps, 1))["member"];
        await mux.AttachedAsync("member");
        await mux.ConsoleUpAsync(); // a BREAK with no console attached is dropped, as in QEMU

        member.Tell(InjectBreak.Instance);
        await console.FishForMessageAsync<SendBreak>(_ => true);

        // Input injected after it still flows, whole.
        member.Tell(new InjectInput(Encoding.ASCII.GetBytes("after")));
        var write = await console.FishForMessageAsync<WriteData>(_ => true);
        Assert.Equal("after", Encoding.ASCII.GetString(write.Data.Span));
    }
}
