using System.Net.Sockets;
using MuxActors.Chardevs.Tests.Harness;

namespace MuxActors.Chardevs.Tests;

/// <summary>
/// A console socket that can't be reached is reported in words that say what happened: .NET's own message for a
/// missing unix socket file is "Cannot assign requested address", which sends people to their network settings.
/// </summary>
public sealed class SocketClientErrorTests
{
    [Fact]
    public async Task A_missing_socket_file_is_reported_as_missing()
    {
        await using var mux = MuxHarness.Create();
        mux.Start("""
            muxactors.muxes.m {
              frontend { type = unix-client, path = gone.sock, reconnect = 10s }
              backends { sink { type = null } }
            }
            """);
        await mux.Logs.WaitForAsync("can't connect to unix:", $"the socket file {mux.PathOf("gone.sock")} does not exist (ENOENT)");
        Assert.DoesNotContain(mux.Logs.Lines, l => l.Contains("Cannot assign requested address", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_socket_nobody_listens_on_is_reported_as_refused()
    {
        await using var mux = MuxHarness.Create();
        using var bound = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        bound.Bind(new UnixDomainSocketEndPoint(mux.PathOf("idle.sock"))); // bound, never listening: connect is refused
        mux.Start("""
            muxactors.muxes.m {
              frontend { type = unix-client, path = idle.sock, reconnect = 10s }
              backends { sink { type = null } }
            }
            """);
        await mux.Logs.WaitForAsync("can't connect to unix:", $"connection refused (ECONNREFUSED): nothing listens on {mux.PathOf("idle.sock")}");
    }
}
