using Akka.TestKit;
using MuxActors.Chardevs.Tests.Harness;
using MuxActors.Core.Protocol;
using MuxActors.TestSupport;

namespace MuxActors.Chardevs.Tests;

/// <summary>
/// A port never reads more than a bounded amount ahead of what its mux has taken (DataTaken), so that a fast device
/// cannot flood the mux's mailbox faster than the mux can pause it. Here a probe plays the mux.
/// </summary>
public sealed class PortReadAheadTests
{
    private const long ReadAheadBound = 256 * 1024 + 64 * 1024; // the limit, plus at most one read past it

    /// <summary>How long no DataReceived must arrive for the port to count as quiet.</summary>
    private static readonly TimeSpan Quiet = TestTimeouts.Dilated(TimeSpan.FromMilliseconds(300));

    [Fact]
    public async Task A_port_stops_reading_until_the_mux_takes_what_it_was_sent()
    {
        await using var mux = MuxHarness.Create();
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        var (probe, port, console, _) = await ProbedConsolePort.StartAsync(mux, vm);

        var writer = console.SendAsync(new byte[4 * 1024 * 1024]);
        var received = await ReceiveUntilQuietAsync(probe);
        Assert.InRange(received, 1, ReadAheadBound);
        Assert.False(writer.IsCompleted, "the device's writes kept being accepted");

        // The mux takes it all: reading goes on.
        port.Tell(new DataTaken(received), probe.Ref);
        var more = await ReceiveUntilQuietAsync(probe);
        Assert.InRange(more, 1, ReadAheadBound);
    }

    [Fact]
    public async Task A_pause_through_the_link_holds_before_the_next_read_and_a_resume_restarts_reading()
    {
        await using var mux = MuxHarness.Create();
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        var (probe, _, console, opened) = await ProbedConsolePort.StartAsync(mux, vm);
        var link = opened.Info.Link!;

        // Paused before the device writes anything: at most the read already waiting on the socket delivers, then
        // nothing more, however long the device keeps writing (and the mux keeps taking what it gets).
        link.SetPaused(true);
        var writer = console.SendAsync(new byte[4 * 1024 * 1024]);
        var late = await TakeUntilQuietAsync(probe, link);
        Assert.InRange(late, 0, 64 * 1024);
        Assert.False(writer.IsCompleted, "the device's writes kept being accepted");

        // Resumed: reading goes on.
        link.SetPaused(false);
        var more = await probe.ExpectMsgAsync<DataReceived>();
        Assert.True(more.Data.Length > 0);
    }

    /// <summary>Takes (as the mux does) every DataReceived until none arrives for a moment; returns the bytes, maybe 0.</summary>
    private static async Task<long> TakeUntilQuietAsync(TestProbe probe, IPortLink link)
    {
        long bytes = 0;
        while (true)
        {
            if (await probe.ReceiveOneAsync(Quiet) is not { } message)
                return bytes;
            var data = Assert.IsType<DataReceived>(message);
            link.Taken(data.Data.Length);
            bytes += data.Data.Length;
        }
    }

    /// <summary>Collects DataReceived until none arrives for a moment (a negative observation window); returns the bytes.</summary>
    private static async Task<long> ReceiveUntilQuietAsync(TestProbe probe)
    {
        long bytes = 0;
        while (true)
        {
            if (await probe.ReceiveOneAsync(Quiet) is not { } message)
            {
                if (bytes > 0)
                    return bytes;
                throw new WaitFailedException($"No DataReceived within {Quiet.TotalMilliseconds:0} ms.");
            }
            bytes += Assert.IsType<DataReceived>(message).Data.Length;
        }
    }
}
