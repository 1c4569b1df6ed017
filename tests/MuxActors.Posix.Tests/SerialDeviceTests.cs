using System.Text;
using Microsoft.Win32.SafeHandles;
using MuxActors.Posix.Interop;

namespace MuxActors.Posix.Tests;

/// <summary>A pty stands in for the device: SerialDevice opens the slave, the test plays the far end on the master.</summary>
public sealed class SerialDeviceTests
{
    [Fact]
    public void Opens_at_115200_raw_with_CLOCAL_and_CREAD_as_seen_from_an_independent_descriptor()
    {
        using Pty wire = Pty.Open();
        using SerialDevice device = SerialDevice.Open(wire.SlavePath, new SerialSettings { BaudRate = 115200 });

        Termios seen = Termios.Get(wire.SlavePath);

        Assert.Equal(115200, seen.BaudRate);
        Assert.True(seen.IsRaw);
        Assert.True(seen.IgnoreModemLines);
        Assert.True(seen.ReceiverEnabled);
        Assert.False(seen.Canonical);
        Assert.False(seen.Echo);
        Assert.False(seen.Signals);
        Assert.False(seen.OutputProcessing);
        Assert.False(seen.HardwareFlowControl);
        Assert.False(seen.SoftwareFlowControl);
        Assert.Equal((8, SerialParity.None, 1), (seen.DataBits, seen.Parity, seen.StopBits));
        Assert.Null(device.SettingsMismatch);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(9600)]
    [InlineData(38400)]
    [InlineData(57600)]
    [InlineData(921600)]
    [InlineData(4000000)]
    public void Every_kind_of_baud_rate_is_applied(int baud)
    {
        using Pty wire = Pty.Open();
        using SerialDevice device = SerialDevice.Open(wire.SlavePath, new SerialSettings { BaudRate = baud });

        Assert.Equal(baud, Termios.Get(wire.SlavePath).BaudRate);
        Assert.Equal(baud, device.GetAttributes().BaudRate);
    }

    [Fact]
    public void Stop_bits_and_hardware_flow_control_are_applied()
    {
        using Pty wire = Pty.Open();
        using SerialDevice device = SerialDevice.Open(wire.SlavePath, new SerialSettings { StopBits = 2, FlowControl = SerialFlowControl.RtsCts });

        Termios seen = Termios.Get(wire.SlavePath);

        Assert.Equal(2, seen.StopBits);
        Assert.True(seen.HardwareFlowControl);
        Assert.False(seen.SoftwareFlowControl);
        Assert.Null(device.SettingsMismatch);
    }

    [Fact]
    public void Software_flow_control_is_applied()
    {
        using Pty wire = Pty.Open();
        using SerialDevice device = SerialDevice.Open(wire.SlavePath, new SerialSettings { FlowControl = SerialFlowControl.XonXoff });

        Termios seen = Termios.Get(wire.SlavePath);

        Assert.True(seen.SoftwareFlowControl);
        Assert.False(seen.HardwareFlowControl);
        Assert.Null(device.SettingsMismatch);
    }

    [Fact]
    public void A_pty_forces_8_data_bits_and_no_parity_and_the_mismatch_is_reported()
    {
        using Pty wire = Pty.Open();
        using SerialDevice device = SerialDevice.Open(wire.SlavePath, new SerialSettings { DataBits = 7, Parity = SerialParity.Even });

        Termios seen = Termios.Get(wire.SlavePath);

        // The Linux pty driver rewrites c_cflag to CS8 without PARENB on every tcsetattr.
        Assert.Equal((8, SerialParity.None), (seen.DataBits, seen.Parity));
        Assert.Equal("data-bits 8 (asked 7); parity None (asked Even)", device.SettingsMismatch);
    }

    [Theory]
    [InlineData(5, SerialParity.Odd, 2, 0x00u, 0x100u | 0x200u, 0x40u)]
    [InlineData(6, SerialParity.Even, 1, 0x10u, 0x100u, 0x0u)]
    [InlineData(7, SerialParity.Even, 1, 0x20u, 0x100u, 0x0u)]
    [InlineData(8, SerialParity.None, 2, 0x30u, 0x0u, 0x40u)]
    public void Data_bits_parity_and_stop_bits_become_the_right_c_cflag_bits(int dataBits, SerialParity parity, int stopBits, uint csize, uint parityBits, uint cstopb)
    {
        // A pty cannot hold these (see above), so this checks the termios we hand to tcsetattr.
        using Pty wire = Pty.Open();
        Termios termios = wire.GetAttributes();
        var settings = new SerialSettings { DataBits = dataBits, Parity = parity, StopBits = stopBits, BaudRate = 19200 };

        SerialDevice.Configure(termios, settings, wire.SlavePath);

        Assert.Equal(csize, termios.ControlFlags & 0x30u);
        Assert.Equal(parityBits, termios.ControlFlags & 0x300u);
        Assert.Equal(cstopb, termios.ControlFlags & 0x40u);
        Assert.Equal(0x880u, termios.ControlFlags & 0x880u); // CLOCAL | CREAD
        Assert.Equal((dataBits, parity, stopBits, 19200), (termios.DataBits, termios.Parity, termios.StopBits, termios.BaudRate));
        Assert.Equal(0u, termios.InputFlags & 0x30u); // no INPCK, no ISTRIP
    }

    [Fact]
    public async Task Data_round_trips_with_the_far_end_byte_exact()
    {
        using Pty wire = Pty.Open();
        using SerialDevice device = SerialDevice.Open(wire.SlavePath);
        byte[] data = TestIo.AllByteValues(repeats: 16);
        CancellationToken deadline = TestIo.Deadline();

        Task<byte[]> atFarEnd = TestIo.ReadExactlyAsync(wire.Master, data.Length, deadline);
        await device.Stream.WriteAsync(data, deadline);
        Assert.Equal(data, await atFarEnd);

        Task<byte[]> atDevice = TestIo.ReadExactlyAsync(device.Stream, data.Length, deadline);
        await wire.Master.WriteAsync(data, deadline);
        Assert.Equal(data, await atDevice);
    }

    [Fact]
    public async Task Send_break_succeeds_but_a_pty_carries_nothing_for_it()
    {
        using Pty wire = Pty.Open();
        using SerialDevice device = SerialDevice.Open(wire.SlavePath);

        device.SendBreak();

        // The pty driver has no break_ctl: tcsendbreak returns 0 and nothing reaches the far end
        // (no NUL, no PARMRK sequence, no packet-mode flag). The next byte arrives alone.
        await TestIo.WriteAsync(device.Stream, "x", TestIo.Deadline());
        Assert.Equal("x", Encoding.ASCII.GetString(await TestIo.ReadExactlyAsync(wire.Master, 1, TestIo.Deadline())));
        Assert.Equal(0, BytesWaiting(wire.Master.Handle));

        device.Dispose();
        Assert.Throws<ObjectDisposedException>(device.SendBreak);
    }

    [Fact]
    public void Send_break_goes_to_the_device_descriptor_which_reports_the_hang_up()
    {
        // The only kernel-visible trace of tcsendbreak on a pty: on a hung-up tty the ioctl fails with EIO.
        Pty wire = Pty.Open();
        using SerialDevice device = SerialDevice.Open(wire.SlavePath);
        wire.Dispose();

        var error = Assert.Throws<PosixException>(device.SendBreak);

        Assert.Equal(Libc.EIO, error.Errno);
        Assert.Contains("tcsendbreak", error.Message, StringComparison.Ordinal);
        Assert.Contains(wire.SlavePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_to_read_and_discard()
    {
        using Pty wire = Pty.Open();
        using SerialDevice device = SerialDevice.Open(wire.SlavePath);
        await TestIo.WriteAsync(wire.Master, "12345", TestIo.Deadline());

        // One write arrives as one chunk: once the first byte is readable, all are.
        await TestIo.ReadExactlyAsync(device.Stream, 1, TestIo.Deadline());
        Assert.Equal(4, device.BytesToRead());

        device.DiscardBuffers();
        Assert.Equal(0, device.BytesToRead());
    }

    [Fact]
    public void Exclusive_mode_is_set_on_the_device_unless_turned_off()
    {
        using Pty wire = Pty.Open();
        using (SerialDevice device = SerialDevice.Open(wire.SlavePath))
        {
            Assert.True(IsExclusive(wire.SlavePath));
        }
        using (SerialDevice shared = SerialDevice.Open(wire.SlavePath, new SerialSettings { Exclusive = false }))
        {
            Assert.False(IsExclusive(wire.SlavePath));
        }
    }

    [Fact]
    public void Modem_lines_on_a_pty_fail_with_a_clear_error()
    {
        using Pty wire = Pty.Open();
        using SerialDevice device = SerialDevice.Open(wire.SlavePath);

        var error = Assert.Throws<PosixException>(() => device.GetModemLines());
        Assert.Contains("TIOCMGET", error.Message, StringComparison.Ordinal);
        Assert.Contains(wire.SlavePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vanishing_device_fails_a_pending_read_with_IOException()
    {
        Pty wire = Pty.Open();
        using SerialDevice device = SerialDevice.Open(wire.SlavePath);
        Task<int> pending = device.Stream.ReadAsync(new byte[16]).AsTask();
        Assert.False(pending.IsCompleted);

        wire.Dispose(); // the far end goes away: the kernel hangs up the tty, as on USB unplug

        IOException error = await Assert.ThrowsAsync<IOException>(() => TestIo.Within(pending));
        Assert.Contains(wire.SlavePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("hung up", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<IOException>(() => device.Stream.WriteAsync(new byte[1]).AsTask());
    }

    [Fact]
    public void A_device_path_that_disappears_fails_to_open_clearly_and_works_again_once_back()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "ttyUSB0");
        using Pty wire = Pty.Open();
        File.CreateSymbolicLink(path, wire.SlavePath);
        SerialDevice.Open(path).Dispose();

        File.Delete(path); // unplugged: udev removes the node
        var error = Assert.Throws<PosixException>(() => SerialDevice.Open(path));
        Assert.Equal(Libc.ENOENT, error.Errno);
        Assert.Equal(path, error.Path);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", error.Message, StringComparison.Ordinal);

        File.CreateSymbolicLink(path, wire.SlavePath); // plugged back in
        using SerialDevice again = SerialDevice.Open(path);
        Assert.Equal(115200, again.GetAttributes().BaudRate);
    }

    [Fact]
    public void Opening_something_that_is_not_a_tty_fails_with_ENOTTY()
    {
        var error = Assert.Throws<PosixException>(() => SerialDevice.Open("/dev/null", new SerialSettings { Exclusive = false }));
        Assert.Equal(25, error.Errno);
        Assert.Contains("/dev/null", error.Message, StringComparison.Ordinal);
    }

    private static unsafe int BytesWaiting(SafeFileHandle fd)
    {
        int count;
        Assert.Equal(0, Libc.Ioctl(fd, Libc.FIONREAD, &count));
        return count;
    }

    private static unsafe bool IsExclusive(string path)
    {
        // As root the kernel lets us open an exclusive tty anyway, so ask it instead.
        using SafeFileHandle fd = Libc.OpenOrThrow(path, Libc.O_RDONLY | Libc.O_NOCTTY | Libc.O_NONBLOCK | Libc.O_CLOEXEC, "tty");
        int exclusive;
        Assert.Equal(0, Libc.Ioctl(fd, Libc.TIOCGEXCL, &exclusive));
        return exclusive != 0;
    }
}
