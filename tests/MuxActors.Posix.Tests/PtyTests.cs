using System.Text;
using Microsoft.Win32.SafeHandles;
using MuxActors.Posix.Interop;

namespace MuxActors.Posix.Tests;

public sealed class PtyTests
{
    [Fact]
    public async Task Raw_pty_carries_all_256_byte_values_both_ways_unchanged()
    {
        using Pty pty = Pty.Open(raw: true);
        using var slave = new PosixStream(pty.OpenSlave(), pty.SlavePath);
        byte[] data = TestIo.AllByteValues(repeats: 8);
        CancellationToken deadline = TestIo.Deadline();

        Task<byte[]> atMaster = TestIo.ReadExactlyAsync(pty.Master, data.Length, deadline);
        await slave.WriteAsync(data, deadline);
        Assert.Equal(data, await atMaster);

        Task<byte[]> atSlave = TestIo.ReadExactlyAsync(slave, data.Length, deadline);
        await pty.Master.WriteAsync(data, deadline);
        Assert.Equal(data, await atSlave);
    }

    [Fact]
    public void Raw_mode_is_what_the_slave_reports()
    {
        using Pty pty = Pty.Open(raw: true);
        Termios slave = Termios.Get(pty.SlavePath);

        Assert.True(slave.IsRaw);
        Assert.False(slave.Echo);
        Assert.False(slave.Canonical);
        Assert.False(slave.Signals);
        Assert.False(slave.OutputProcessing);
        Assert.Equal(8, slave.DataBits);
        Assert.Equal(1, slave.MinimumBytes);
        Assert.Equal(0, slave.TimeoutDeciseconds);
    }

    [Fact]
    public void A_pty_not_asked_for_raw_mode_is_a_normal_cooked_terminal()
    {
        using Pty pty = Pty.Open();
        Termios slave = Termios.Get(pty.SlavePath);

        Assert.False(slave.IsRaw);
        Assert.True(slave.Canonical);
        Assert.True(slave.Echo);
        Assert.True(slave.Signals);
        Assert.True(slave.OutputProcessing);

        pty.MakeRaw();
        Assert.True(Termios.Get(pty.SlavePath).IsRaw);
    }

    [Fact]
    public unsafe void Window_size_round_trips_and_the_slave_sees_it()
    {
        using Pty pty = Pty.Open(new WindowSize(40, 132));
        Assert.Equal(new WindowSize(40, 132), pty.GetWindowSize());

        pty.SetWindowSize(new WindowSize(50, 100));

        using SafeFileHandle slave = pty.OpenSlave();
        Libc.WinSize size;
        Assert.Equal(0, Libc.Ioctl(slave, Libc.TIOCGWINSZ, &size));
        Assert.Equal((50, 100), (size.Rows, size.Columns));
    }

    [Fact]
    public async Task When_the_slave_side_closes_the_master_reads_the_rest_then_EOF()
    {
        using Pty pty = Pty.Open(raw: true);
        Assert.False(pty.IsHungUp); // never opened yet: reads wait instead of failing

        using (var slave = new PosixStream(pty.OpenSlave(), pty.SlavePath))
        {
            await TestIo.WriteAsync(slave, "bye", TestIo.Deadline());
        }

        Assert.Equal("bye", await TestIo.ReadToEndAsync(pty.Master, TestIo.Deadline()));
        Assert.True(pty.IsHungUp);
        Assert.Equal(0, await pty.Master.ReadAsync(new byte[8])); // stays at EOF
    }

    [Fact]
    public async Task A_read_pending_when_the_slave_closes_returns_EOF()
    {
        using Pty pty = Pty.Open(raw: true);
        SafeFileHandle slave = pty.OpenSlave();
        Task<int> pending = pty.Master.ReadAsync(new byte[8]).AsTask();
        Assert.False(pending.IsCompleted);

        slave.Dispose();

        Assert.Equal(0, await TestIo.Within(pending));
    }

    [Fact]
    public async Task Disposing_the_pty_hangs_up_the_slave_side()
    {
        Pty pty = Pty.Open(raw: true);
        using var slave = new PosixStream(pty.OpenSlave(), pty.SlavePath);
        Task<int> pending = slave.ReadAsync(new byte[8]).AsTask();

        pty.Dispose();

        Assert.Equal(0, await TestIo.Within(pending)); // a hung-up tty reads as EOF
    }

    [Fact]
    public void Slave_path_is_under_dev_pts()
    {
        using Pty pty = Pty.Open();
        Assert.StartsWith("/dev/pts/", pty.SlavePath, StringComparison.Ordinal);
        Assert.True(File.Exists(pty.SlavePath));
    }

    [Fact]
    public async Task A_published_link_leads_to_the_slave_and_goes_away_with_the_pty()
    {
        using var dir = new TempDirectory();
        string link = Path.Combine(dir.Path, "vm1.pty");
        Pty pty = Pty.Open(raw: true);

        pty.PublishLink(link);
        Assert.Equal(pty.SlavePath, PublishedSymlink.ReadLink(link));
        Assert.False(File.Exists(link + ".tmp"));

        using (var client = new PosixStream(Libc.OpenOrThrow(link, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC, "link"), link))
        {
            await TestIo.WriteAsync(client, "via link", TestIo.Deadline());
            Assert.Equal("via link", Encoding.ASCII.GetString(await TestIo.ReadExactlyAsync(pty.Master, 8, TestIo.Deadline())));
        }

        pty.Dispose();
        Assert.Null(PublishedSymlink.ReadLink(link));
    }

    [Fact]
    public void Publishing_replaces_an_existing_link_and_dispose_leaves_a_newer_one_alone()
    {
        using var dir = new TempDirectory();
        string link = Path.Combine(dir.Path, "console");
        using Pty first = Pty.Open();
        using Pty second = Pty.Open();

        PublishedSymlink old = first.PublishLink(link);
        PublishedSymlink current = second.PublishLink(link); // a restart publishes over the old link
        Assert.Equal(second.SlavePath, PublishedSymlink.ReadLink(link));

        old.Dispose();
        Assert.Equal(second.SlavePath, PublishedSymlink.ReadLink(link));

        current.Dispose();
        Assert.Null(PublishedSymlink.ReadLink(link));
    }

    [Fact]
    public void Publishing_into_a_missing_directory_names_the_path()
    {
        string link = "/nonexistent-dir-for-muxactors-test/x.pty";
        var error = Assert.Throws<PosixException>(() => PublishedSymlink.Publish(link, "/dev/pts/0"));
        Assert.Equal(Libc.ENOENT, error.Errno);
        Assert.Contains(link, error.Message, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", error.Message, StringComparison.Ordinal);
    }
}
