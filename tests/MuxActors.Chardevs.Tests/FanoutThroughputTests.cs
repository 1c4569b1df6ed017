using System.Diagnostics;
using System.Security.Cryptography;
using MuxActors.Chardevs.Tests.Harness;
using Xunit.Abstractions;

namespace MuxActors.Chardevs.Tests;

/// <summary>Bulk output reaches many real socket clients intact: every client's SHA-256 equals the source's.</summary>
public sealed class FanoutThroughputTests(ITestOutputHelper output)
{
    private const int Size = 64 * 1024 * 1024;

    [Fact]
    public async Task Sixty_four_MiB_from_the_console_reach_eight_unix_and_eight_tcp_clients_byte_for_byte()
    {
        await using var mux = MuxHarness.Create();
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        mux.Start("""
            muxactors.muxes.bulk {
              frontend { type = unix-client, path = vm.sock, reconnect = 100ms }
              backends {
                local { type = unix-server, path = local.sock }
                telnet { type = tcp-server, listen = "127.0.0.1:0" }
              }
            }
            """);
        var console = await vm.AcceptAsync();
        await mux.ConsoleUpAsync();
        var clients = new List<SocketPeer>();
        for (var i = 0; i < 8; i++)
        {
            clients.Add(await mux.ConnectUnixAsync("local"));
            clients.Add(await mux.ConnectTcpAsync("telnet"));
        }

        var source = new byte[Size];
        new Random(20261121).NextBytes(source);
        var expected = Convert.ToHexString(SHA256.HashData(source));
        var clock = Stopwatch.StartNew();
        var hashes = clients.Select(client => Task.Run(async () =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await client.ReceiveStreamAsync(Size, piece => hash.AppendData(piece.Span), TimeSpan.FromSeconds(60));
            return Convert.ToHexString(hash.GetHashAndReset());
        })).ToList();
        await console.SendAsync(source);

        var results = await Task.WhenAll(hashes);
        output.WriteLine($"64 MiB to 16 clients in {clock.Elapsed.TotalSeconds:0.00} s");
        Assert.All(results, hash => Assert.Equal(expected, hash));
        var status = await mux.StatusAsync();
        Assert.Equal(Size, status.OutputBytes);
        Assert.All(status.Ports.Where(p => p.Role == "backend"), p => Assert.Equal(0, p.Dropped));
        foreach (var client in clients)
            await client.DisposeAsync();
    }
}
