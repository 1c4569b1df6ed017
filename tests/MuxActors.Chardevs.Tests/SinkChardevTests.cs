using System.Text;
using MuxActors.Chardevs.Tests.Harness;

namespace MuxActors.Chardevs.Tests;

/// <summary>The in-memory backends: ringbuf and null.</summary>
public sealed class SinkChardevTests
{
    [Fact]
    public async Task A_ringbuf_keeps_the_last_size_bytes_of_output()
    {
        await using var mux = MuxHarness.Create();
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        var taps = mux.CreateProbe();
        mux.Start("""
            muxactors.muxes.m {
              frontend { type = unix-client, path = vm.sock, reconnect = 100ms }
              backends { ring { type = ringbuf, size = 1KiB } }
            }
            """, TestRegistries.WithTappedRingbufs(taps.Ref));
        var ring = (await Rings.TappedAsync(taps, 1))["ring"];
        var console = await vm.AcceptAsync();
        await mux.AttachedAsync("ring");
        Assert.Empty((await Rings.ReadAsync(ring)).Data);

        var output = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 500).Select(i => $"{i:D3},"))); // 2000 bytes
        await console.SendAsync(output);
        var all = await Rings.WaitForTotalAsync(ring, output.Length);
        Assert.Equal(output.AsSpan(output.Length - 1024).ToArray(), all.Data);
        Assert.Equal(output.Length, all.TotalWritten);
        Assert.Equal("496,497,498,499,", (await Rings.ReadAsync(ring, 16)).Text());
    }

    [Fact]
    public async Task A_null_backend_acknowledges_and_discards_everything_and_never_holds_the_console_back()
    {
        await using var mux = MuxHarness.Create();
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        mux.Start("""
            muxactors.muxes.m {
              frontend { type = unix-client, path = vm.sock, reconnect = 100ms }
              backends { void { type = null } }
              output { high-water = 16KiB, low-water = 4KiB, window = 4KiB }
            }
            """);
        var console = await vm.AcceptAsync();
        await mux.AttachedAsync("void");

        await console.SendAsync(new byte[1024 * 1024]);
        var status = await mux.AwaitStatusAsync(s => s.Ports.Any(p => p.ChardevId == "void" && p.BytesOut == 1024 * 1024), "null took 1 MiB");
        var port = Assert.Single(status.Ports, p => p.ChardevId == "void");
        Assert.Equal(0, port.BytesIn);
        Assert.Equal(0, port.Lag);
        Assert.False(status.FrontendPaused);
    }
}
