using System.Text;
using Akka.Actor;
using MuxActors.Chardevs.Sinks;
using MuxActors.Chardevs.Tests.Harness;
using MuxActors.Core.Mux;
using MuxActors.TestSupport;

namespace MuxActors.Chardevs.Tests;

/// <summary>
/// QEMU's unit-test scenarios for its hub (mux-be), ported to real chardevs: the test plays the VM behind a
/// <c>unix-client</c> frontend, and the members are ring buffers (driven with InjectInput/ReadRingbuf, as QEMU's
/// test drives its ringbufs) or real socket clients.
/// </summary>
public sealed class HubScenarioTests
{
    [Fact]
    public async Task Input_injected_into_each_ringbuf_reaches_the_console_whole_and_console_output_reaches_both()
    {
        await using var mux = MuxHarness.Create();
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        var taps = mux.CreateProbe();
        mux.Start("""
            muxactors.muxes.hub {
              frontend { type = unix-client, path = vm.sock, reconnect = 100ms }
              backends {
                m1 { type = ringbuf }
                m2 { type = ringbuf }
              }
            }
            """, TestRegistries.WithTappedRingbufs(taps.Ref));
        var rings = await Rings.TappedAsync(taps, 2);
        var console = await vm.AcceptAsync();
        await mux.ConsoleUpAsync();
        await mux.AttachedAsync("m1");
        await mux.AttachedAsync("m2");

        rings["m1"].Tell(new InjectInput("hello\0"u8.ToArray()));
        Assert.Equal("hello\0", await console.ReceiveTextAsync(6));
        rings["m2"].Tell(new InjectInput("olleh\0"u8.ToArray()));
        Assert.Equal("olleh\0", await console.ReceiveTextAsync(6));

        await console.SendAsync("heyhey");
        Assert.Equal("heyhey", (await Rings.WaitForTotalAsync(rings["m1"], 6)).Text());
        Assert.Equal("heyhey", (await Rings.WaitForTotalAsync(rings["m2"], 6)).Text());
    }

    [Fact]
    public async Task Input_from_each_socket_client_reaches_the_console_whole_and_console_output_reaches_both()
    {
        await using var mux = MuxHarness.Create();
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        mux.Start("""
            muxactors.muxes.hub {
              frontend { type = unix-client, path = vm.sock, reconnect = 100ms }
              backends {
                local { type = unix-server, path = local.sock }
                telnet { type = tcp-server, port = 0 }
              }
            }
            """);
        var console = await vm.AcceptAsync();
        await mux.ConsoleUpAsync();
        await using var member1 = await mux.ConnectUnixAsync("local");
        await using var member2 = await mux.ConnectTcpAsync("telnet");

        await member1.SendAsync("hello\0");
        Assert.Equal("hello\0", await console.ReceiveTextAsync(6));
        await member2.SendAsync("olleh\0");
        Assert.Equal("olleh\0", await console.ReceiveTextAsync(6));

        await console.SendAsync("heyhey");
        Assert.Equal("heyhey", await member1.ReceiveTextAsync(6));
        Assert.Equal("heyhey", await member2.ReceiveTextAsync(6));
    }

    [Fact]
    public async Task A_member_that_stops_reading_holds_the_console_back_under_block_and_after_draining_nothing_is_lost_or_doubled()
    {
        await using var mux = MuxHarness.Create();
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"), socketBuffers: 4096);
        var taps = mux.CreateProbe();
        mux.Start("""
            muxactors.muxes.hub {
              frontend { type = unix-client, path = vm.sock, reconnect = 100ms }
              backends {
                r1 { type = ringbuf, size = 4MiB }
                r2 { type = ringbuf, size = 4MiB }
                pipe { type = unix-server, path = pipe.sock, send-buffer = 4KiB, on-overflow = block }
                reader { type = unix-server, path = reader.sock }
              }
              output { high-water = 64KiB, low-water = 16KiB, window = 16KiB }
            }
            """, TestRegistries.WithTappedRingbufs(taps.Ref));
        var rings = await Rings.TappedAsync(taps, 2);
        var console = await vm.AcceptAsync();
        await mux.ConsoleUpAsync();
        await using var pipe = await mux.ConnectUnixAsync("pipe", receiveBuffer: 4096);
        await using var reader = await mux.ConnectUnixAsync("reader");
        await mux.AttachedAsync("r1");
        await mux.AttachedAsync("r2");

        var block = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("thisisit", 512)));
        const int Blocks = 256; // 1 MiB: far more than every buffer between the VM and the stuck pipe holds
        var expected = Encoding.ASCII.GetBytes("thisis" + string.Concat(Enumerable.Repeat(Encoding.ASCII.GetString(block), Blocks)) + "streamisrestored");
        var readerGotAll = reader.ReceiveExactlyAsync(expected.Length, TimeSpan.FromSeconds(60));

        // "thisis" reaches every member; nobody is behind yet.
        await console.SendAsync("thisis");
        Assert.Equal("thisis", (await Rings.WaitForTotalAsync(rings["r1"], 6)).Text());
        Assert.Equal("thisis", (await Rings.WaitForTotalAsync(rings["r2"], 6)).Text());

        // The pipe's reader has stopped: the VM keeps writing until the mux stops reading the console.
        long accepted = 0;
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < Blocks; i++)
            {
                await console.SendAsync(block);
                Interlocked.Add(ref accepted, block.Length);
            }
        });
        await mux.AwaitStatusAsync(s => s.FrontendPaused, "the console is paused for the stuck pipe");

        // The other members have everything the mux read so far, while the pipe holds the console back. A read the
        // console's port finished before it saw the pause still arrives after it, so the state counts once two
        // looks in a row find it paused with the same output.
        MuxStatus status = null!;
        long settledAt = -1;
        await Deadline.UntilAsync(async () =>
            {
                var previous = settledAt;
                status = await mux.StatusAsync();
                settledAt = status.FrontendPaused && await RingsHold(status.OutputBytes) ? status.OutputBytes : -1;
                return settledAt >= 0 && settledAt == previous;
            },
            "both rings have every byte read from the console, and it stays paused");
        foreach (var ring in rings.Values)
            Assert.Equal(expected.AsSpan(0, (int)status.OutputBytes).ToArray(), (await Rings.ReadAsync(ring)).Data);
        Assert.True(status.OutputBytes < 6 + (long)Blocks * block.Length, "the console was not held back: " + MuxHarness.Describe(status));

        // The VM's writes are no longer accepted: watch for a moment that nothing moves (a negative observation).
        var acceptedWhilePaused = Interlocked.Read(ref accepted);
        await Task.WhenAny(writer, Task.Delay(TestTimeouts.Dilated(TimeSpan.FromMilliseconds(300))));
        Assert.False(writer.IsCompleted, "the VM's writes kept being accepted");
        Assert.Equal(acceptedWhilePaused, Interlocked.Read(ref accepted));
        Assert.Equal(status.OutputBytes, (await mux.StatusAsync()).OutputBytes);

        // Drain the pipe: the stream is restored, and every member holds every byte exactly once.
        var pipeGotAll = pipe.ReceiveExactlyAsync(expected.Length, TimeSpan.FromSeconds(60));
        await writer.WaitAsync(TestTimeouts.Dilated(TimeSpan.FromSeconds(60)));
        await console.SendAsync("streamisrestored");
        Assert.Equal(expected, await pipeGotAll);
        Assert.Equal(expected, await readerGotAll);
        foreach (var ring in rings.Values)
            Assert.Equal(expected, (await Rings.WaitForTotalAsync(ring, expected.Length)).Data);
        Assert.Equal(expected.Length, (await mux.StatusAsync()).OutputBytes);

        async Task<bool> RingsHold(long bytes)
        {
            foreach (var ring in rings.Values)
            {
                if ((await Rings.ReadAsync(ring)).TotalWritten != bytes)
                    return false;
            }
            return true;
        }
    }
}
