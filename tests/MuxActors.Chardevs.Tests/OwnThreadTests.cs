using System.Net.Sockets;
using System.Security.Cryptography;
using MuxActors.Chardevs.Common;
using MuxActors.Chardevs.Tests.Harness;

namespace MuxActors.Chardevs.Tests;

/// <summary>
/// Streaming ports move onto threads of their own; the bytes do not notice. Output to a client that stops reading
/// now and then until the mux pauses the console, and input that streams the other way, arrive whole and in order.
/// </summary>
public sealed class OwnThreadTests
{
    private const int Size = 16 * 1024 * 1024;

    [Fact]
    public async Task Output_to_a_client_that_stalls_and_input_streamed_back_arrive_whole_across_thread_switches()
    {
        await using var mux = MuxHarness.Create();
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        mux.Start("""
            muxactors.muxes.m {
              frontend { type = unix-client, path = vm.sock, reconnect = 100ms }
              backends { client { type = unix-server, path = client.sock } }
            }
            """);
        var console = await vm.AcceptAsync();
        await mux.ConsoleUpAsync();
        await using var client = await mux.ConnectUnixAsync("client", receiveBuffer: 8 * 1024);
        var started = OwnThreads.Started;

        var output = RandomBytes(1);
        var input = RandomBytes(2);
        // Every 4 MiB the client stops reading until it holds the console back, then reads on.
        var outputHash = HashAsync(client, 4 * 1024 * 1024, () => mux.AwaitStatusAsync(s => s.FrontendPaused, "the console paused"));
        var inputHash = HashAsync(console, Size, () => Task.CompletedTask);
        await Task.WhenAll(console.SendAsync(output), client.SendAsync(input));

        Assert.Equal(Hash(output), await outputHash);
        Assert.Equal(Hash(input), await inputHash);
        Assert.True(OwnThreads.Started - started >= 2, "the streaming ports never moved onto threads of their own");
        var status = await mux.StatusAsync();
        Assert.Equal(Size, status.OutputBytes);
        Assert.Equal(Size, status.InputBytes);
    }

    private static byte[] RandomBytes(int seed)
    {
        var bytes = new byte[Size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Hash(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    /// <summary>Reads <see cref="Size"/> bytes, awaiting <paramref name="stall"/> after every <paramref name="stallEvery"/> bytes.</summary>
    private static Task<string> HashAsync(SocketPeer peer, int stallEvery, Func<Task> stall) => Task.Run(async () =>
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var buffer = new byte[64 * 1024];
        long received = 0;
        var stalls = 0;
        while (received < Size)
        {
            var n = await peer.Socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            Assert.True(n > 0, $"the stream ended after {received} of {Size} bytes");
            hash.AppendData(buffer, 0, n);
            received += n;
            if (received / stallEvery > stalls && received < Size)
            {
                stalls++;
                await stall();
            }
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    });
}
