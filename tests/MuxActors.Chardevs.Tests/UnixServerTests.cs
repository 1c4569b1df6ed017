using System.Net.Sockets;
using Akka.Actor;
using MuxActors.Chardevs.Sockets;
using MuxActors.Chardevs.Tests.Harness;
using MuxActors.Core.Mux;
using MuxActors.Core.Protocol;
using MuxActors.TestSupport;

namespace MuxActors.Chardevs.Tests;

public sealed class UnixServerTests
{
    private const string Frontend = "frontend { type = unix-client, path = vm.sock, reconnect = 100ms }";

    [Fact]
    public async Task The_socket_file_is_created_with_mode_0600_by_default()
    {
        await using var mux = MuxHarness.Create();
        mux.Start($"muxactors.muxes.m {{ {Frontend}, backends {{ local {{ type = unix-server, path = local.sock }} }} }}");
        Assert.Equal("unix:" + mux.PathOf("local.sock"), await mux.ListeningAsync("local"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(mux.PathOf("local.sock")));
    }

    [Fact]
    public async Task The_mux_says_it_listens_only_once_the_socket_file_is_there()
    {
        await using var mux = MuxHarness.Create();
        mux.Start($"muxactors.muxes.m {{ {Frontend}, backends {{ local {{ type = unix-server, path = local.sock }}, tcp {{ type = tcp-server, port = 0 }} }} }}");
        // What the service asks before READY=1 (the TCP server is waited for as well): a client started after it must
        // find the socket.
        await mux.Mux.Ask<MuxListening>(AwaitListening.Instance, TestTimeouts.Dilated(TimeSpan.FromSeconds(5)));
        Assert.True(File.Exists(mux.PathOf("local.sock")));
    }

    [Fact]
    public async Task The_mode_option_sets_the_socket_files_permissions()
    {
        await using var mux = MuxHarness.Create();
        mux.Start($"muxactors.muxes.m {{ {Frontend}, backends {{ local {{ type = unix-server, path = local.sock, mode = \"0660\" }} }} }}");
        await mux.ListeningAsync("local");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite,
            File.GetUnixFileMode(mux.PathOf("local.sock")));
    }

    [Fact]
    public async Task A_stale_socket_file_nobody_listens_on_is_replaced()
    {
        await using var mux = MuxHarness.Create();
        var path = mux.PathOf("local.sock");
        using (var crashed = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            crashed.Bind(new NonDeletingUnixEndPoint(path)); // a process that died without removing its socket
        Assert.True(File.Exists(path));

        mux.Start($"muxactors.muxes.m {{ {Frontend}, backends {{ local {{ type = unix-server, path = local.sock }} }} }}");
        await using var client = await mux.ConnectUnixAsync("local");
        await mux.Logs.WaitForAsync("replaced the stale socket file", path);
    }

    [Fact]
    public async Task A_socket_file_another_process_listens_on_is_refused_with_a_clear_error_and_left_alone()
    {
        await using var mux = MuxHarness.Create();
        var path = mux.PathOf("local.sock");
        using var other = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        other.Bind(new UnixDomainSocketEndPoint(path));
        other.Listen();

        mux.Start($"muxactors.muxes.m {{ {Frontend}, backends {{ local {{ type = unix-server, path = local.sock }} }} }}");
        var failure = await mux.Events.WaitForAsync<ChardevRestarted>(e => e.ChardevId == "local");
        Assert.Equal($"unix socket {path} is in use by another process", failure.Reason);
        Assert.True(failure.Delay > TimeSpan.Zero, "the listener is retried with backoff");

        // The other process's socket still works.
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await probe.ConnectAsync(new UnixDomainSocketEndPoint(path));
        using var accepted = await other.AcceptAsync();
    }

    [Fact]
    public async Task A_client_over_max_clients_gets_a_one_line_refusal_and_is_closed()
    {
        await using var mux = MuxHarness.Create();
        mux.Start($"muxactors.muxes.m {{ {Frontend}, backends {{ local {{ type = unix-server, path = local.sock, max-clients = 1 }} }} }}");
        var first = await mux.ConnectUnixAsync("local");

        await using var second = await SocketPeer.ConnectUnixAsync(mux.PathOf("local.sock"));
        var refusal = await second.ReceiveToEndAsync();
        Assert.Equal("muxactors: too many clients on 'local' (max-clients is 1)\r\n", System.Text.Encoding.ASCII.GetString(refusal));

        // Once the first leaves, there is room again.
        await first.DisposeAsync();
        // The client tells its server it left before it tells the mux: once the detach is published, its place is free
        // (even while its port actor is still stopping).
        await mux.Events.WaitForAsync<PortDetached>(e => e.ChardevId == "local");
        await using var third = await mux.ConnectUnixAsync("local");
        Assert.Equal(2, mux.Events.Of<PortAttached>().Count(e => e.ChardevId == "local"));
    }

    [Fact]
    public async Task Each_client_is_described_by_its_process_credentials()
    {
        await using var mux = MuxHarness.Create();
        mux.Start($"muxactors.muxes.m {{ {Frontend}, backends {{ local {{ type = unix-server, path = local.sock }} }} }}");
        await using var client = await mux.ConnectUnixAsync("local");
        var attached = await mux.AttachedAsync("local");
        Assert.Equal($"unix:pid={Environment.ProcessId},uid={GetUid()}", attached.Peer);
    }

    [Fact]
    public async Task The_socket_file_is_removed_at_stop_but_only_if_it_is_still_ours()
    {
        await using var mux = MuxHarness.Create();
        mux.Start($$"""
            muxactors.muxes.m {
              {{Frontend}}
              backends {
                kept { type = unix-server, path = kept.sock }
                replaced { type = unix-server, path = replaced.sock }
              }
            }
            """);
        await mux.ListeningAsync("kept");
        await mux.ListeningAsync("replaced");
        // Someone else takes over replaced.sock while the service runs.
        File.Delete(mux.PathOf("replaced.sock"));
        using var intruder = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        intruder.Bind(new NonDeletingUnixEndPoint(mux.PathOf("replaced.sock")));

        var watcher = mux.CreateProbe();
        watcher.Watch(mux.Mux);
        mux.System.Stop(mux.Mux);
        await watcher.ExpectTerminatedAsync(mux.Mux);

        Assert.False(File.Exists(mux.PathOf("kept.sock")), "our socket file stays behind");
        Assert.True(File.Exists(mux.PathOf("replaced.sock")), "someone else's socket file was removed");
    }

    private static uint GetUid() => uint.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
}
