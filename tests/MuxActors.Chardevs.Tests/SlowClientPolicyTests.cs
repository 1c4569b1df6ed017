using System.Security.Cryptography;
using MuxActors.Chardevs.Tests.Harness;
using MuxActors.Core.Mux;
using MuxActors.TestSupport;

namespace MuxActors.Chardevs.Tests;

/// <summary>
/// A client that never reads, under the drop and disconnect policies: the healthy clients (of a lossless backend)
/// get every byte, and the whole transfer completes while the stuck client is still stuck.
/// </summary>
public sealed class SlowClientPolicyTests
{
    private const int Size = 4 * 1024 * 1024;

    [Fact]
    public async Task Under_drop_the_stuck_client_skips_output_and_is_told_while_the_others_get_everything()
    {
        await using var run = await StartAsync("on-overflow = drop, mark-drops = on");
        await run.TransferAsync();

        var status = await run.Mux.StatusAsync();
        var stuckPort = Assert.Single(status.Ports, p => p.ChardevId == "slow");
        Assert.True(stuckPort.Dropped > 0, MuxHarness.Describe(status));

        // Reading at last, the stuck client finds the marker saying how much it missed.
        var text = await run.Stuck.ReceiveUntilAsync(" bytes dropped]\r\n", TimeSpan.FromSeconds(30));
        Assert.Matches(@"\r\n\[muxactors: \d+ bytes dropped\]\r\n$", text);
    }

    [Fact]
    public async Task Under_disconnect_the_stuck_client_is_closed_and_logged_while_the_others_get_everything()
    {
        await using var run = await StartAsync("on-overflow = disconnect, stall-timeout = 200ms");
        await run.TransferAsync();

        // Still not reading, it is closed once it has been behind for the stall timeout.
        await run.Mux.Events.WaitForAsync<PortDetached>(e => e.ChardevId == "slow" && e.Reason.Contains("stalled", StringComparison.Ordinal));
        await run.Mux.Logs.WaitForAsync("disconnecting", "stalled");

        // Reading at last, it gets what its socket still held, then the end of the stream.
        var leftover = await run.Stuck.ReceiveToEndAsync(TimeSpan.FromSeconds(30));
        Assert.True(leftover.Length < Size, $"the stuck client got all {leftover.Length} bytes; it was never stuck");
    }

    private static async Task<Run> StartAsync(string slowPolicy)
    {
        var mux = MuxHarness.Create();
        var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        mux.Start($$"""
            muxactors.muxes.policies {
              frontend { type = unix-client, path = vm.sock, reconnect = 100ms }
              backends {
                good { type = unix-server, path = good.sock }
                slow { type = unix-server, path = slow.sock, send-buffer = 4KiB, {{slowPolicy}} }
              }
              output { high-water = 64KiB, low-water = 16KiB, window = 16KiB }
            }
            """);
        var console = await vm.AcceptAsync();
        await mux.ConsoleUpAsync();
        var healthy = new[] { await mux.ConnectUnixAsync("good"), await mux.ConnectUnixAsync("good") };
        var stuck = await mux.ConnectUnixAsync("slow", receiveBuffer: 4096);
        return new Run(mux, vm, console, healthy, stuck);
    }

    private sealed record Run(MuxHarness Mux, FakeVm Vm, SocketPeer Console, SocketPeer[] Healthy, SocketPeer Stuck) : IAsyncDisposable
    {
        /// <summary>The VM writes 4 MiB; the healthy clients must get all of it while the stuck client reads nothing.</summary>
        public async Task TransferAsync()
        {
            var source = new byte[Size];
            new Random(7).NextBytes(source);
            var expected = Convert.ToHexString(SHA256.HashData(source));
            var hashes = Healthy.Select(client => Task.Run(async () =>
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                await client.ReceiveStreamAsync(Size, piece => hash.AppendData(piece.Span), TimeSpan.FromSeconds(60));
                return Convert.ToHexString(hash.GetHashAndReset());
            })).ToList();
            await Console.SendAsync(source).WaitAsync(TestTimeouts.Dilated(TimeSpan.FromSeconds(60)));
            // Done while the stuck client has not read a byte: it held nobody back.
            Assert.All(await Task.WhenAll(hashes), hash => Assert.Equal(expected, hash));
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var client in Healthy.Append(Stuck))
                await client.DisposeAsync();
            await Vm.DisposeAsync();
            await Mux.DisposeAsync();
        }
    }
}
