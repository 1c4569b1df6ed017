using Akka.Actor;
using Akka.TestKit.Xunit2;
using MuxActors.Chardevs.Serial;
using MuxActors.Core.Mux;
using MuxActors.Posix;
using Xunit.Abstractions;
using PosixPty = MuxActors.Posix.Pty;

namespace MuxActors.Chardevs.Tests.Terminal;

/// <summary>
/// A pty pair made by the test stands in for the serial device: the chardev opens the slave (through a symlink, the
/// "device path"), the test plays the far end of the line on the master.
/// </summary>
public sealed class TerminalSerialTests : TestKit
{
    private readonly TerminalTempDir _dir = new();
    private readonly TerminalEventLog _events;
    private readonly string _device;
    private readonly string _console;
    private PosixPty _wire = PosixPty.Open();
    private PublishedSymlink? _deviceLink;

    public TerminalSerialTests(ITestOutputHelper output)
        : base(TerminalKit.Config, output)
    {
        _events = TerminalMux.Events(Sys, CreateTestProbe("events"));
        _device = _dir.File("ttyTEST0");
        _console = _dir.File("console.pty");
        _deviceLink = PublishedSymlink.Publish(_device, _wire.SlavePath);
    }

    [Theory]
    [InlineData(115200, 1, "none")]
    [InlineData(9600, 2, "rtscts")]
    [InlineData(57600, 1, "xonxoff")]
    public async Task The_device_is_opened_raw_with_the_configured_line_settings(int baud, int stopBits, string flow)
    {
        StartMux($"baud = {baud}, stop-bits = {stopBits}, flow = {flow}");
        await FrontendUpAsync();

        var seen = Termios.Get(_wire.Master.Handle); // tcgetattr from the other side of the line
        Assert.Equal(baud, seen.BaudRate);
        Assert.Equal(stopBits, seen.StopBits);
        Assert.Equal(flow == "rtscts", seen.HardwareFlowControl);
        Assert.Equal(flow == "xonxoff", seen.SoftwareFlowControl);
        Assert.False(seen.Echo);
        Assert.False(seen.Canonical);
        Assert.False(seen.Signals);
        Assert.False(seen.OutputProcessing);
        Assert.True(seen.ReceiverEnabled);
        Assert.True(seen.IgnoreModemLines);
        if (flow != "xonxoff")
            Assert.True(seen.IsRaw);
    }

    [Fact]
    public async Task Bytes_flow_between_the_device_and_a_program_on_the_pty_backend()
    {
        StartMux("");
        await FrontendUpAsync();
        using var client = await AttachClientAsync();

        var atClient = TerminalIo.ReadUntilAsync(client.Stream, "login: ");
        await TerminalIo.WriteAsync(_wire.Master, "\r\nserial console login: ");
        Assert.Equal("\r\nserial console login: ", await atClient);

        var atDevice = TerminalIo.ReadUntilAsync(_wire.Master, "root\r");
        await TerminalIo.WriteAsync(client.Stream, "root\r");
        Assert.Equal("root\r", await atDevice);
    }

    [Fact]
    public async Task A_break_from_the_mux_is_sent_to_the_device_with_tcsendbreak()
    {
        var mux = StartMux("");
        await FrontendUpAsync();

        var result = await mux.Ask<MuxCommandResult>(BreakConsole.Instance, TerminalIo.Timeout);

        Assert.True(result.Ok, result.Error);
        // Published only after tcsendbreak(fd, 0) on the device descriptor returned success. A pty has no break
        // signal (the kernel's pty driver ignores it), so the far end of this test line cannot see it.
        var sent = await _events.TakeAsync<SerialBreakSent>();
        Assert.Equal(("m1", "frontend", _device), (sent.Mux, sent.ChardevId, sent.Path));
    }

    [Fact]
    public async Task A_device_that_vanishes_is_reopened_with_backoff_once_its_path_is_back()
    {
        StartMux("");
        await FrontendUpAsync();
        using var client = await AttachClientAsync();

        _wire.Dispose(); // unplugged: the device hangs up and its node goes away
        _deviceLink!.Dispose();
        var down = await _events.TakeAsync<FrontendChanged>(e => !e.Up);
        Assert.Contains("hung up or was removed", down.Detail, StringComparison.Ordinal);
        var lost = await _events.TakeAsync<ChardevRestarted>(e => e.ChardevId == "frontend");
        Assert.Contains($"serial device '{_device}' was lost", lost.Reason, StringComparison.Ordinal);
        var missing = await _events.TakeAsync<ChardevRestarted>(e => e.Reason.Contains("No such file", StringComparison.Ordinal));
        Assert.Contains(_device, missing.Reason, StringComparison.Ordinal);

        _wire = PosixPty.Open(); // plugged in again, maybe as another tty behind the same path
        _deviceLink = PublishedSymlink.Publish(_device, _wire.SlavePath);
        await FrontendUpAsync();

        var atClient = TerminalIo.ReadUntilAsync(client.Stream, "back again");
        await TerminalIo.WriteAsync(_wire.Master, "back again");
        Assert.Equal("back again", await atClient);
        var atDevice = TerminalIo.ReadUntilAsync(_wire.Master, "hello");
        await TerminalIo.WriteAsync(client.Stream, "hello");
        Assert.Equal("hello", await atDevice);
    }

    [Fact]
    public async Task A_missing_device_at_start_is_retried_until_it_appears()
    {
        _deviceLink!.Dispose();
        StartMux("");
        await _events.TakeAsync<ChardevRestarted>(e => e.Reason.Contains("No such file", StringComparison.Ordinal));

        _deviceLink = PublishedSymlink.Publish(_device, _wire.SlavePath);
        await FrontendUpAsync();
    }

    private IActorRef StartMux(string serialOptions) => TerminalMux.Start(Sys, $$"""
        muxactors.muxes.m1 {
          frontend { type = serial, path = {{TerminalMux.Quote(_device)}}, {{serialOptions}} }
          backends { tty { type = pty, link = {{TerminalMux.Quote(_console)}} } }
          restart { min-backoff = 20ms, max-backoff = 200ms }
        }
        """);

    private Task<FrontendChanged> FrontendUpAsync() => _events.TakeAsync<FrontendChanged>(e => e.Up);

    private async Task<SerialDevice> AttachClientAsync()
    {
        await TerminalIo.WaitUntilAsync(() => PublishedSymlink.ReadLink(_console) is not null, "the pty backend's link is published");
        var client = TerminalIo.OpenClient(_console);
        await _events.TakeAsync<PortAttached>(e => e.ChardevId == "tty");
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _deviceLink?.Dispose();
            _wire.Dispose();
            _dir.Dispose();
        }
    }
}
