using System.Net.Sockets;
using Akka.TestKit;
using MuxActors.Chardevs.Common;
using MuxActors.Chardevs.Tests.Harness;
using MuxActors.Core.Protocol;
using MuxActors.TestSupport;

namespace MuxActors.Chardevs.Tests;

/// <summary>
/// The mux writes straight to an idle port's socket from its own thread (WriteOrEnqueue); what the socket does not take
/// at once is queued behind, and nothing written directly ever overtakes queued data. A probe plays the mux.
/// </summary>
public sealed class PortDirectWriteTests : IAsyncDisposable
{
    private readonly MuxHarness _harness = MuxHarness.Create();
    private readonly TestProbe _mux;
    private readonly Socket _ours;
    private readonly Socket _peer;
    private readonly PortSession _session;

    public PortDirectWriteTests()
    {
        _mux = _harness.CreateProbe();
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(_harness.PathOf("pair.sock")));
        listener.Listen(1);
        _peer = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _peer.Connect(new UnixDomainSocketEndPoint(_harness.PathOf("pair.sock")));
        _ours = listener.Accept();
        _session = new PortSession(new SocketTransport(_ours, readable: false), _mux.Ref, _mux.Ref, generation: 1);
        _session.Start();
    }

    [Fact]
    public async Task An_idle_socket_takes_a_write_at_once_and_no_acknowledgement_message_follows()
    {
        var line = "hello, direct\r\n"u8.ToArray();

        var written = _session.WriteOrEnqueue(new WriteData(0, line));

        Assert.Equal(line.Length, written);
        Assert.Equal(line, await ReceiveAsync(line.Length));
        await _mux.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task What_a_full_socket_does_not_take_is_queued_and_later_writes_never_overtake_it()
    {
        const int Chunk = 64 * 1024;
        var sent = new List<byte>();
        long writtenAtOnce = 0;
        var chunks = 0;
        var partial = false;
        // Nobody reads: write until the socket stops taking everything, then a few more chunks.
        while (chunks < 1_000 && (!partial || chunks < 8))
        {
            var data = Pattern(sent.Count, Chunk);
            var n = _session.WriteOrEnqueue(new WriteData(sent.Count, data));
            sent.AddRange(data);
            writtenAtOnce += n;
            chunks++;
            if (partial)
                Assert.Equal(0, n); // something is queued: a direct write would overtake it
            partial |= n < Chunk;
        }
        Assert.True(partial, "the socket never filled up");

        var received = await ReceiveAsync(sent.Count);
        Assert.Equal(sent, received); // every byte, in order
        long acknowledged = 0;
        while (writtenAtOnce + acknowledged < sent.Count)
            acknowledged += (await _mux.ExpectMsgAsync<DataWritten>()).Bytes;
        Assert.Equal(sent.Count, writtenAtOnce + acknowledged);

        // Drained: the next write goes straight through again.
        Assert.Equal(3, _session.WriteOrEnqueue(new WriteData(sent.Count, new byte[] { 1, 2, 3 })));
    }

    [Fact]
    public async Task A_closed_session_drops_the_write_without_throwing()
    {
        await _session.CloseAsync(TimeSpan.Zero);
        Assert.Equal(0, _session.WriteOrEnqueue(new WriteData(0, new byte[] { 42 })));
    }

    private static byte[] Pattern(int offset, int count) =>
        Enumerable.Range(offset, count).Select(i => (byte)(i * 7 + (i >> 8))).ToArray();

    private async Task<byte[]> ReceiveAsync(int count)
    {
        var buffer = new byte[count];
        var got = 0;
        using var cts = new CancellationTokenSource(TestTimeouts.Dilated(TimeSpan.FromSeconds(10)));
        while (got < count)
        {
            var n = await _peer.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None, cts.Token);
            if (n == 0)
                break;
            got += n;
        }
        return buffer[..got];
    }

    public async ValueTask DisposeAsync()
    {
        await _session.DisposeAsync();
        _peer.Dispose();
        await _harness.DisposeAsync();
    }
}
