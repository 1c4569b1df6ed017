using System.Text;
using MuxActors.Chardevs.Tests.Harness;

namespace MuxActors.Chardevs.Tests;

/// <summary>Two clients typing at once: every chunk a client wrote reaches the console whole, never interleaved.</summary>
public sealed class ConcurrentInputTests
{
    private int ChunkSize { get; set; }

    private int Chunks { get; set; }

    // 128 bytes divide every read buffer of a port; 97 bytes (a line of text) do not, so a read into the rest of a
    // buffer would cut one in two unless a client's read takes everything its socket holds.
    [Theory]
    [InlineData(128, 1000)]
    [InlineData(97, 500)]
    public async Task Chunks_typed_by_two_clients_at_once_reach_the_console_whole_and_in_each_clients_order(int chunkSize, int chunks)
    {
        ChunkSize = chunkSize;
        Chunks = chunks;
        await using var mux = MuxHarness.Create();
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        mux.Start("""
            muxactors.muxes.typing {
              frontend { type = unix-client, path = vm.sock, reconnect = 100ms }
              backends { keys { type = unix-server, path = keys.sock } }
            }
            """);
        var console = await vm.AcceptAsync();
        await mux.ConsoleUpAsync();
        await using var alice = await mux.ConnectUnixAsync("keys");
        await using var bob = await mux.ConnectUnixAsync("keys");

        var received = console.ReceiveExactlyAsync(2 * Chunks * ChunkSize, TimeSpan.FromSeconds(60));
        await Task.WhenAll(Task.Run(() => TypeAsync(alice, 'A')), Task.Run(() => TypeAsync(bob, 'B')));
        var stream = Encoding.ASCII.GetString(await received);

        var next = new Dictionary<char, int> { ['A'] = 0, ['B'] = 0 };
        var switches = 0;
        for (var at = 0; at < stream.Length; at += ChunkSize)
        {
            var chunk = stream.Substring(at, ChunkSize);
            var who = chunk[1];
            Assert.True(next.ContainsKey(who), $"chunk at {at} belongs to nobody: '{chunk}'");
            Assert.Equal(Chunk(who, next[who]), chunk); // whole, and the next one of that client
            next[who]++;
            if (at > 0 && stream[at - ChunkSize + 1] != who)
                switches++;
        }
        Assert.Equal(Chunks, next['A']);
        Assert.Equal(Chunks, next['B']);
        Assert.True(switches > 0, "the clients never typed at the same time; the test proved nothing");
    }

    private async Task TypeAsync(SocketPeer client, char who)
    {
        for (var i = 0; i < Chunks; i++)
            await client.SendAsync(Chunk(who, i)); // one send per chunk, as a user's terminal would
    }

    /// <summary>"[A0042:" then the client's letter and digits repeated, then "]": 128 bytes, unique per client and sequence.</summary>
    private string Chunk(char who, int sequence)
    {
        var head = $"[{who}{sequence:D4}:";
        var fill = new StringBuilder(ChunkSize);
        while (head.Length + fill.Length < ChunkSize - 1)
            fill.Append((char)((fill.Length % 2 == 0) ? who : '0' + (sequence + fill.Length) % 10));
        return head + fill + "]";
    }
}
