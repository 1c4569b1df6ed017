using System.Security.Cryptography;
using MuxActors.Chardevs.Common;
using MuxActors.Chardevs.Tests.Harness;

namespace MuxActors.Chardevs.Tests;

/// <summary>
/// Streaming ports move onto threads of their own and back to the pool; the bytes do not notice. Output to a client
/// that stalls now and then, and input that streams the other way, arrive whole and in order.
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
        var outputHash = HashAsync(client, stallEvery: 4 * 1024 * 1024);
        var inputHash = HashAsync(console, stallEvery: 0);
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

    /// <summary>Reads <see cref="Size"/> bytes, stopping to read for a moment every <paramref name="stallEvery"/> bytes.</summary>
    private static Task<string> HashAsync(SocketPeer peer, int stallEvery) => Task.Run(async () =>
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long received = 0;
        var pieces = 0;
        await peer.ReceiveStreamAsync(Size, piece =>
        {
            hash.AppendData(piece.Span);
            received += piece.Length;
            // A stall long enough for the sender's own thread to give up waiting for room and return to the pool.
            if (stallEvery > 0 && received / stallEvery > pieces)
            {
                pieces++;
                Thread.Sleep(600);
            }
        }, TimeSpan.FromSeconds(60));
        return Convert.ToHexString(hash.GetHashAndReset());
    });
}
