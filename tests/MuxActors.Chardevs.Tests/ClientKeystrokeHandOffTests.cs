using MuxActors.Chardevs.Common;
using MuxActors.Chardevs.Sockets;
using MuxActors.Chardevs.Tests.Harness;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;
using MuxActors.Hocon;

namespace MuxActors.Chardevs.Tests;

/// <summary>
/// A client's read waits for data before it reads, so its reads always find data; they must still not count as
/// streaming: a streaming read lets other work go first (a thread hand-off), which on every keystroke would put a
/// hop on each key's way to the console. A probe plays the mux; the client is a unix-client chardev in a backend's role.
/// </summary>
public sealed class ClientKeystrokeHandOffTests
{
    private const int Keys = 30;

    [Fact]
    public async Task Keys_typed_one_at_a_time_reach_the_mux_without_a_hand_off()
    {
        await using var mux = MuxHarness.Create();
        await using var peer = FakeVm.ListenUnix(mux.PathOf("client.sock"));
        var probe = mux.CreateProbe();
        var spec = new ChardevSpec("client", "unix-client",
            HoconConfig.FromString($"path = \"{mux.PathOf("client.sock")}\""), null, "client");
        mux.System.ActorOf(new UnixClientKind().CreateProps(spec, new PortContext(probe.Ref, PortRole.Backend)), "client");
        var typist = await peer.AcceptAsync();
        var session = (PortSession)(await probe.ExpectMsgAsync<PortOpened>()).Info.Link!;

        for (var i = 0; i < Keys; i++)
        {
            await typist.SendAsync(new[] { (byte)('a' + i % 26) });
            var received = await probe.ExpectMsgAsync<DataReceived>();
            Assert.Equal((byte)('a' + i % 26), received.Data.Span[0]);
            session.Taken(received.Data.Length);
        }

        // Before the fix every key after the second yielded (28 of 30). A read that finds the next key already
        // queued (the loop slower than this test's round trip, twice in a row) may yield once in a while.
        Assert.True(session.ReadYields <= 2, $"{session.ReadYields} of {Keys} keys were handed off");
    }
}
