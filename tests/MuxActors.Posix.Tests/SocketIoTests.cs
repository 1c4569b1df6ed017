using System.Net.Sockets;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace MuxActors.Posix.Tests;

/// <summary>Our own socket calls, on real connected unix sockets: waits, timeouts, ends, errors and gathered sends.</summary>
public sealed class SocketIoTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Socket _ours;
    private readonly Socket _peer;

    public SocketIoTests()
    {
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var path = Path.Combine(_dir.Path, "s");
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        _peer = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _peer.Connect(new UnixDomainSocketEndPoint(path));
        _ours = listener.Accept();
    }

    [Fact]
    public void With_no_timeout_a_receive_on_an_empty_socket_returns_at_once_and_then_gets_the_data()
    {
        var buffer = new byte[16];
        Assert.Equal(SocketIo.TimedOut, SocketIo.Receive(_ours.SafeHandle, buffer, 0));
        _peer.Send("hello"u8);
        Assert.Equal(5, SocketIo.Receive(_ours.SafeHandle, buffer, 5000));
        Assert.Equal("hello", Encoding.ASCII.GetString(buffer, 0, 5));
    }

    [Fact]
    public void A_receive_that_waits_gives_up_after_its_timeout()
    {
        Assert.Equal(SocketIo.TimedOut, SocketIo.Receive(_ours.SafeHandle, new byte[16], 20));
    }

    [Fact]
    public async Task A_waiting_receive_wakes_for_data_for_the_peer_closing_and_for_our_own_shutdown()
    {
        var buffer = new byte[16];
        var waiting = Task.Run(() => SocketIo.Receive(_ours.SafeHandle, buffer, 30_000));
        _peer.Send("x"u8);
        Assert.Equal(1, await TestIo.Within(waiting));

        waiting = Task.Run(() => SocketIo.Receive(_ours.SafeHandle, buffer, 30_000));
        _peer.Shutdown(SocketShutdown.Send);
        Assert.Equal(0, await TestIo.Within(waiting));

        // What a port's close relies on to wake its reader thread.
        var (ours, peer) = Pair();
        using (ours)
        using (peer)
        {
            waiting = Task.Run(() => SocketIo.Receive(ours.SafeHandle, buffer, 30_000));
            ours.Shutdown(SocketShutdown.Both);
            Assert.Equal(0, await TestIo.Within(waiting));
        }
    }

    [Fact]
    public void A_gathered_send_writes_its_pieces_in_order()
    {
        ReadOnlyMemory<byte>[] pieces = ["one "u8.ToArray(), "two "u8.ToArray().AsMemory(0, 3), "three"u8.ToArray()];
        Assert.Equal(12, SocketIo.Send(_ours.SafeHandle, pieces, 0));
        var buffer = new byte[64];
        var got = 0;
        while (got < 12)
            got += _peer.Receive(buffer.AsSpan(got));
        Assert.Equal("one twothree", Encoding.ASCII.GetString(buffer, 0, got));
    }

    [Fact]
    public async Task A_send_to_a_full_socket_takes_what_fits_and_a_waiting_send_finishes_once_the_peer_reads()
    {
        var big = TestIo.AllByteValues(64 * 1024); // 16 MiB: far more than a unix socket buffers
        var first = SocketIo.Send(_ours.SafeHandle, [big], 0);
        Assert.InRange(first, 1, big.Length - 1);
        Assert.InRange(SocketIo.Send(_ours.SafeHandle, [big.AsMemory((int)first)], 20), 0, big.Length - first - 1);

        var received = new MemoryStream();
        var reading = Task.Run(() =>
        {
            var buffer = new byte[65536];
            int n;
            while ((n = _peer.Receive(buffer)) > 0)
                received.Write(buffer, 0, n);
        });
        var sent = first + (long)await TestIo.Within(Task.Run(() => SocketIo.Send(_ours.SafeHandle, [big.AsMemory((int)first)], 30_000)), 30);
        Assert.Equal(big.Length, sent);
        _ours.Shutdown(SocketShutdown.Send);
        await TestIo.Within(reading, 30);
        Assert.Equal(big, received.ToArray());
    }

    [Fact]
    public void Sending_to_a_peer_that_has_gone_throws_with_the_cause()
    {
        _peer.Dispose();
        var error = Assert.Throws<PosixException>(() =>
        {
            for (var i = 0; i < 100; i++)
                SocketIo.Send(_ours.SafeHandle, [new byte[65536]], 0);
        });
        Assert.Contains(error.ErrnoName, new[] { "EPIPE", "ECONNRESET" });
    }

    [Fact]
    public async Task A_one_shot_registration_reports_nothing_while_nobody_waits_and_sees_data_that_came_before_the_wait()
    {
        using var poller = new FdPoller();
        using var registration = poller.Register(new SafeFileHandle(_ours.Handle, ownsHandle: false), "s", armOnWait: true);
        var (other, otherPeer) = Pair();
        using (other)
        using (otherPeer)
        using (var watched = poller.Register(new SafeFileHandle(other.Handle, ownsHandle: false), "other"))
        {
            var version = registration.ReadVersion;
            var otherVersion = watched.ReadVersion;
            _peer.Send("early"u8);
            otherPeer.Send("x"u8);
            // The poller has seen the later edge on the other socket, so it would have seen the earlier one too.
            await TestIo.Within(watched.WaitReadableAsync(otherVersion).AsTask());
            Assert.Equal(version, registration.ReadVersion);
            await TestIo.Within(registration.WaitReadableAsync(version).AsTask());
        }
        Assert.Equal(5, SocketIo.Receive(_ours.SafeHandle, new byte[16], 0));

        // Waiting for room and for data at once: each completes on its own.
        var afterEarly = registration.ReadVersion;
        var readable = registration.WaitReadableAsync(afterEarly).AsTask();
        await TestIo.Within(registration.WaitWritableAsync(registration.WriteVersion).AsTask());
        Assert.False(readable.IsCompleted);
        _peer.Send("late"u8);
        await TestIo.Within(readable);
    }

    private (Socket Ours, Socket Peer) Pair()
    {
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var path = Path.Combine(_dir.Path, "p" + Guid.NewGuid().ToString("N")[..8]);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var peer = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        peer.Connect(new UnixDomainSocketEndPoint(path));
        return (listener.Accept(), peer);
    }

    public void Dispose()
    {
        _ours.Dispose();
        _peer.Dispose();
        _dir.Dispose();
    }
}
