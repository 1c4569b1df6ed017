using System.Text;
using Microsoft.Win32.SafeHandles;

namespace MuxActors.Posix.Tests;

public sealed class FdPollerTests
{
    [Fact]
    public async Task Fifty_ptys_all_make_progress_in_both_directions_on_one_poller()
    {
        using var poller = new FdPoller();
        var pairs = new List<(Pty Pty, PosixStream Slave)>();
        try
        {
            for (int i = 0; i < 50; i++)
            {
                Pty pty = Pty.Open(raw: true, poller: poller);
                pairs.Add((pty, new PosixStream(pty.OpenSlave(), pty.SlavePath, poller)));
            }
            Assert.Equal(100, poller.Count);
            CancellationToken deadline = TestIo.Deadline(10);

            // Every reader is pending before any writer starts, so all 100 waits are parked on the poller.
            var work = pairs.Select(async (pair, i) =>
            {
                byte[] down = Encoding.ASCII.GetBytes($"to-slave-{i}-" + new string('d', 3000));
                byte[] up = Encoding.ASCII.GetBytes($"to-master-{i}-" + new string('u', 3000));
                Task<byte[]> atSlave = TestIo.ReadExactlyAsync(pair.Slave, down.Length, deadline);
                Task<byte[]> atMaster = TestIo.ReadExactlyAsync(pair.Pty.Master, up.Length, deadline);
                await Task.Yield();
                await Task.WhenAll(pair.Pty.Master.WriteAsync(down, deadline).AsTask(), pair.Slave.WriteAsync(up, deadline).AsTask());
                Assert.Equal(down, await atSlave);
                Assert.Equal(up, await atMaster);
            }).ToList();
            await TestIo.Within(Task.WhenAll(work), 10);
        }
        finally
        {
            foreach ((Pty pty, PosixStream slave) in pairs)
            {
                slave.Dispose();
                pty.Dispose();
            }
        }
        Assert.Equal(0, poller.Count);
    }

    [Fact]
    public async Task Cancelling_a_pending_read_throws_and_the_stream_still_works()
    {
        using Pty pty = Pty.Open(raw: true);
        using var slave = new PosixStream(pty.OpenSlave(), pty.SlavePath);
        using var cts = new CancellationTokenSource();
        ValueTask<int> pending = pty.Master.ReadAsync(new byte[16], cts.Token);
        Assert.False(pending.IsCompleted);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TestIo.Within(pending.AsTask()));

        await TestIo.WriteAsync(slave, "after", TestIo.Deadline());
        Assert.Equal("after", Encoding.ASCII.GetString(await TestIo.ReadExactlyAsync(pty.Master, 5, TestIo.Deadline())));
    }

    [Fact]
    public async Task The_reused_wait_survives_many_cancelled_and_completed_reads_in_turn()
    {
        // Each direction reuses one waiter: a cancelled wait must not leave it busy, and a later token's cancellation
        // must end only the wait it was given to.
        using Pty pty = Pty.Open(raw: true);
        using var slave = new PosixStream(pty.OpenSlave(), pty.SlavePath);
        var buffer = new byte[16];
        using var forLater = new CancellationTokenSource();
        for (int i = 0; i < 200; i++)
        {
            using var cts = new CancellationTokenSource();
            ValueTask<int> cancelled = pty.Master.ReadAsync(buffer, cts.Token);
            Assert.False(cancelled.IsCompleted);
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TestIo.Within(cancelled.AsTask()));

            ValueTask<int> read = pty.Master.ReadAsync(buffer, forLater.Token);
            string key = ((char)('a' + i % 26)).ToString();
            await TestIo.WriteAsync(slave, key, TestIo.Deadline());
            int n = await TestIo.Within(read.AsTask());
            Assert.Equal(key, Encoding.ASCII.GetString(buffer, 0, n));
        }
        ValueTask<int> last = pty.Master.ReadAsync(buffer, CancellationToken.None);
        await forLater.CancelAsync(); // the token of 200 finished waits: the pending one, not given it, goes on
        await TestIo.WriteAsync(slave, "end", TestIo.Deadline());
        int got = await TestIo.Within(last.AsTask());
        Assert.Equal("end"[..got], Encoding.ASCII.GetString(buffer, 0, got));
    }

    [Fact]
    public async Task Disposing_the_stream_completes_a_pending_read_at_once()
    {
        Pty pty = Pty.Open(raw: true);
        using SafeFileHandle slave = pty.OpenSlave(); // keeps the master from seeing EOF
        Task<int> pending = pty.Master.ReadAsync(new byte[16]).AsTask();
        Assert.False(pending.IsCompleted);

        pty.Dispose();

        // 2 s is only the failure deadline; the wake-up itself is immediate.
        await Assert.ThrowsAsync<ObjectDisposedException>(() => TestIo.Within(pending, 2));
    }

    [Fact]
    public async Task Disposing_the_stream_releases_a_synchronous_Read_on_another_thread()
    {
        Pty pty = Pty.Open(raw: true);
        using SafeFileHandle slave = pty.OpenSlave();
        using var started = new ManualResetEventSlim();
        Task<int> reader = Task.Factory.StartNew(
            () =>
            {
                started.Set();
                return pty.Master.Read(new byte[16], 0, 16);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        started.Wait(TestIo.Deadline());

        pty.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => TestIo.Within(reader, 2));
    }

    [Fact]
    public async Task Disposing_a_poller_fails_pending_waits()
    {
        var poller = new FdPoller();
        using Pty pty = Pty.Open(raw: true, poller: poller);
        using SafeFileHandle slave = pty.OpenSlave();
        Task<int> pending = pty.Master.ReadAsync(new byte[16]).AsTask();

        poller.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => TestIo.Within(pending, 2));
    }

    [Fact]
    public async Task A_second_concurrent_read_is_refused()
    {
        using Pty pty = Pty.Open(raw: true);
        using var slave = new PosixStream(pty.OpenSlave(), pty.SlavePath);
        ValueTask<int> first = pty.Master.ReadAsync(new byte[16]);

        await Assert.ThrowsAsync<InvalidOperationException>(() => pty.Master.ReadAsync(new byte[16]).AsTask());

        await TestIo.WriteAsync(slave, "x", TestIo.Deadline());
        Assert.Equal(1, await TestIo.Within(first.AsTask()));
    }

    [Fact]
    public async Task A_write_larger_than_the_pty_buffer_completes_as_the_other_side_drains()
    {
        using Pty pty = Pty.Open(raw: true);
        using var slave = new PosixStream(pty.OpenSlave(), pty.SlavePath);
        var data = new byte[1 << 20]; // a pty buffers a few KiB
        new Random(42).NextBytes(data);
        CancellationToken deadline = TestIo.Deadline(10);

        Task write = pty.Master.WriteAsync(data, deadline).AsTask();
        byte[] received = await TestIo.ReadExactlyAsync(slave, data.Length, deadline);
        await TestIo.Within(write);

        Assert.Equal(data, received);
    }

    [Fact]
    public async Task A_write_blocked_on_a_full_buffer_is_released_by_cancellation()
    {
        using Pty pty = Pty.Open(raw: true);
        using SafeFileHandle slave = pty.OpenSlave(); // open, never read
        using var cts = new CancellationTokenSource();

        Task write = pty.Master.WriteAsync(new byte[1 << 20], cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TestIo.Within(write));
    }

    [Fact]
    public void Registering_a_regular_file_fails_with_a_clear_message()
    {
        string path = Path.GetTempFileName();
        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
            var error = Assert.Throws<PosixException>(() => new PosixStream(file, path, ownsHandle: false));
            Assert.Contains("epoll_ctl", error.Message, StringComparison.Ordinal);
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
