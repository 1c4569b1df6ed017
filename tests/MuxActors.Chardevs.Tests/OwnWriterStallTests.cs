using MuxActors.Chardevs.Common;
using MuxActors.Chardevs.Tests.Harness;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Tests;

/// <summary>
/// A write loop on a thread of its own gives the thread back when its device takes nothing for a while, and the
/// rest of the output still arrives, in order, once the device reads again. A probe plays the mux.
/// </summary>
public sealed class OwnWriterStallTests
{
    private const int Piece = 16 * 1024;
    private const int Pieces = 1024; // 16 MiB, in batches of 1 MiB

    [Fact]
    public async Task A_writer_thread_gives_up_on_a_stalled_device_and_the_output_arrives_whole_afterwards()
    {
        await using var mux = MuxHarness.Create();
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        var (probe, _, device, opened) = await ProbedConsolePort.StartAsync(mux, vm);
        var session = (PortSession)opened.Info.Link!;

        long writtenAtOnce = 0; // acknowledged by the call's result, not by DataWritten
        for (var i = 0; i < Pieces; i++)
            writtenAtOnce += session.WriteOrEnqueue(new WriteData((long)i * Piece, Pattern(i * Piece, Piece)));

        // The device reads in steps until the writes have waited for it often enough to get a thread of their own.
        long received = 0;
        var check = new Action<ReadOnlyMemory<byte>>(bytes =>
        {
            Assert.True(bytes.Span.SequenceEqual(Pattern(received, bytes.Length).Span), $"wrong bytes at {received}");
            received += bytes.Length;
        });
        while (session.OwnWriterRuns == 0)
        {
            Assert.True(received < (long)Pieces * Piece / 2, "the write loop never moved to a thread of its own");
            await device.ReceiveStreamAsync(512 * 1024, check);
        }

        // The device stops reading: the thread gives up after its idle time and the write loop goes on without it.
        await Deadline.UntilAsync(() => session.OwnWriterStalls > 0, "the writer thread gave up on the stalled device");

        await device.ReceiveStreamAsync((long)Pieces * Piece - received, check);
        Assert.Equal((long)Pieces * Piece, received);
        var acknowledged = writtenAtOnce;
        while (acknowledged < received)
            acknowledged += (await probe.ExpectMsgAsync<DataWritten>()).Bytes;
        Assert.Equal(received, acknowledged);
    }

    private static ReadOnlyMemory<byte> Pattern(long offset, int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
            bytes[i] = (byte)((offset + i) % 251);
        return bytes;
    }
}
