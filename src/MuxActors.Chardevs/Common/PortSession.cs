using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using MuxActors.Core.Dispatch;
using MuxActors.Core.Output;
using MuxActors.Core.Protocol;
using MuxActors.Posix;

namespace MuxActors.Chardevs.Common;

/// <summary>Reported to the port actor by a session's loops when its transport is done.</summary>
/// <param name="Generation">The session it concerns (stale reports are ignored).</param>
/// <param name="Reason">Why, for logs and the mux.</param>
/// <param name="Error">The failure, if it was one.</param>
internal sealed record TransportEnded(int Generation, string Reason, Exception? Error);

/// <summary>session → port: the peer ended its input (a half-close) while the output stays open.</summary>
internal sealed record InputEnded(int Generation);

/// <summary>
/// One attachment of a port to a transport: a read loop that sends <see cref="DataReceived"/> to the mux (pausable
/// through a <see cref="ReadGate"/>, and never more than <see cref="MaxReadAhead"/> bytes ahead of what the mux has
/// taken), and a write loop that writes queued data whole and in order, gathering what is queued into one write and
/// acknowledging it with one <see cref="DataWritten"/>. Both loops are tasks owned by the port actor; they report back
/// with messages and never block its mailbox. While a device streams, a loop runs on a thread of its own (see
/// PortSession.OwnThreads.cs). When nothing is queued or being written, the mux writes on its own thread with a write
/// that never waits (<see cref="WriteOrEnqueue"/>): a chunk or a keystroke then reaches the device without waking the
/// write loop, and is acknowledged without a message.
/// </summary>
internal sealed partial class PortSession : IPortLink, IAsyncDisposable
{
    private const int MaxBatch = 64;
    private const long MaxReadAhead = 256 * 1024;
    private static readonly object s_break = new();
    private readonly WriteQueue _writes = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly CancellationTokenSource _readCts; // the read loop's: cancelled by a stop (both loops) or StopReading
    private readonly IPortTransport _transport;
    private readonly IActorRef _mux;
    private readonly IActorRef _port;
    private readonly int _generation;
    private readonly SlabPool? _readPool;
    private readonly bool _clientPort;
    private Task _readLoop = Task.CompletedTask;
    private Task _writeLoop = Task.CompletedTask;
    private int _writing; // 1 while the write loop or a direct write owns the transport's write side
    private int _ownWriterRuns;
    private int _readYields;
    private int _ownWriterStalls;

    /// <summary>A session of <paramref name="port"/> (its <paramref name="generation"/>th) on <paramref name="transport"/> for <paramref name="mux"/>.</summary>
    /// <param name="transport">The device.</param>
    /// <param name="mux">Where data read goes.</param>
    /// <param name="port">The port actor, the sender of what the session tells the mux.</param>
    /// <param name="generation">Tells this session's reports from an earlier one's.</param>
    /// <param name="readPool">Where full-size read slabs come from, for a console whose output the mux's log releases; else null.</param>
    /// <param name="clientPort">A client's port (a backend): its writes are read whole, and a peer that ends only its input still gets output.</param>
    public PortSession(IPortTransport transport, IActorRef mux, IActorRef port, int generation, SlabPool? readPool = null,
        bool clientPort = false)
    {
        _clientPort = clientPort;
        _readCts = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token);
        _readPool = readPool;
        _transport = transport;
        _mux = mux;
        _port = port;
        _generation = generation;
    }

    private ReadGate Gate { get; } = new();

    /// <summary>Reads that let other work go first because the device kept data ready (diagnostics and tests).</summary>
    internal int ReadYields => Volatile.Read(ref _readYields);

    /// <summary>Times the write loop moved to a thread of its own (diagnostics and tests).</summary>
    internal int OwnWriterRuns => Volatile.Read(ref _ownWriterRuns);

    /// <summary>Times such a thread gave up on a device that took nothing for a while and left the rest to the pool.</summary>
    internal int OwnWriterStalls => Volatile.Read(ref _ownWriterStalls);

    /// <summary>Bytes sent to the mux that it has not yet confirmed with <see cref="DataTaken"/>.</summary>
    private ReadAheadLimit ReadAhead { get; } = new(MaxReadAhead);

    public void Start()
    {
        if (_transport.CanRead)
            _readLoop = Task.Run(ReadLoopAsync);
        _writeLoop = Task.Run(WriteLoopAsync);
    }

    public bool TryEnqueue(object write) => Queue(write);

    public int WriteOrEnqueue(WriteData write)
    {
        var written = 0;
        if (Interlocked.CompareExchange(ref _writing, 1, 0) == 0)
        {
            // Only when nothing is queued: a direct write must not overtake queued data.
            if (_writes.Count == 0 && !_cts.IsCancellationRequested)
                written = _transport.TryWriteNow(write.Data.Span);
            if (written < write.Data.Length) // the rest is queued, acknowledged by the write loop
                Queue(written == 0 ? write : new WriteData(write.Offset + written, write.Data[written..]));
            Volatile.Write(ref _writing, 0);
            return written;
        }
        Queue(write);
        return 0;
    }

    private bool Queue(object item) => _writes.TryAdd(item);

    public void Taken(long bytes) => ReadAhead.Release(bytes);

    public void SetPaused(bool paused)
    {
        if (paused)
            Gate.Pause();
        else
            Gate.Resume();
    }

    public void EnqueueBreak() => Queue(s_break);

    private async Task ReadLoopAsync()
    {
        var buffer = new ReadBuffer(_readPool);
        var streaming = 0; // reads in a row that did not wait
        var ct = _readCts.Token;
        try
        {
            while (true)
            {
                await Gate.WaitOpenAsync(ct).ConfigureAwait(false);
                await ReadAhead.WaitBelowLimitAsync(ct).ConfigureAwait(false);
                // A client's reads stay here: each is sized to what its socket holds once there is something to read.
                if (streaming > 1 && !_clientPort && _transport.CanReadWaiting && OwnThreads.TryEnter())
                {
                    // A streaming device gets a thread of its own until it goes quiet: it would keep a pool thread
                    // anyway, and a thread that waits for its device itself is woken by it directly.
                    if (await ReadOnOwnThreadAsync(buffer, ct).ConfigureAwait(false))
                        return;
                    streaming = 0;
                    continue;
                }
                var waited = false;
                if (_clientPort)
                {
                    // A client's read comes after this wait, so the wait, not the read, tells whether it streams.
                    var readable = _transport.WaitReadableAsync(ct);
                    waited = !readable.IsCompleted;
                    await readable.ConfigureAwait(false);
                }
                var read = _transport.ReadAsync(NextBuffer(buffer), ct);
                if (waited || !read.IsCompleted)
                {
                    streaming = 0;
                }
                else if (++streaming > 1)
                {
                    Interlocked.Increment(ref _readYields);
                    // The device had data at once again (and no thread of its own was free): it streams, and would
                    // keep this thread for as long as it does. Let other ports go first (a keystroke waiting behind a
                    // burst of output would wait for all of it). A single read that finds more (an echo right behind a
                    // line) goes on without a hand-off.
                    await Task.Yield();
                }
                var n = await read.ConfigureAwait(false);
                if (n <= 0)
                {
                    EndOfInput();
                    return;
                }
                Pass(buffer.Commit(n));
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            End("read failed: " + ex.Message, ex);
        }
        finally
        {
            buffer.Release();
        }
    }

    private void Pass(ReadOnlyMemory<byte> data)
    {
        ReadAhead.Add(data.Length);
        using (ReadLoopInlineExecutor.Enter()) // on the muxes' inline dispatcher, an idle mux handles it on this thread
            _mux.Tell(new DataReceived(data), _port);
    }

    private async Task WriteLoopAsync()
    {
        var ct = _cts.Token;
        var batch = new List<ReadOnlyMemory<byte>>(); // grows to what the port's bursts need: an idle client holds none
        var waited = 0; // batches in a row whose write had to wait for the device
        try
        {
            while (await _writes.WaitAsync(ct).ConfigureAwait(false))
            {
                if (waited > 1 && _transport.CanWriteWaiting && OwnThreads.TryEnter())
                {
                    // The device takes the output more slowly than it comes: a thread of its own, woken by the
                    // device directly, until the output stops or the device stalls.
                    waited = 0;
                    Interlocked.Increment(ref _ownWriterRuns);
                    var pending = await WriteOnOwnThreadAsync(batch, ct).ConfigureAwait(false);
                    if (pending is { } stalled)
                    {
                        Interlocked.Increment(ref _ownWriterStalls);
                        await FinishAsync(batch, stalled, ct).ConfigureAwait(false);
                    }
                    continue;
                }
                TakeWriteSide();
                var taken = Drain(batch);
                var finish = FinishAsync(batch, taken, ct);
                waited = finish.IsCompleted ? 0 : waited + 1;
                await finish.ConfigureAwait(false);
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (PeerGone(ex))
        {
            End("closed by peer", null); // found by a write: a client that had ended its input has now closed
        }
        catch (Exception ex)
        {
            End("write failed: " + ex.Message, ex);
        }
    }

    private const int EPIPE = 32;
    private const int ECONNRESET = 104;

    private static bool PeerGone(Exception ex) =>
        ex is PosixException { Errno: EPIPE or ECONNRESET } or SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.Shutdown };

    /// <summary>
    /// Takes queued writes into <paramref name="batch"/>, up to <see cref="MaxBatch"/> or up to a BREAK, which goes
    /// out after everything queued before it. The caller owns the write side.
    /// </summary>
    private (long Acknowledged, bool BreakNext) Drain(List<ReadOnlyMemory<byte>> batch)
    {
        long acknowledged = 0;
        while (batch.Count < MaxBatch && _writes.TryTake(out var item))
        {
            switch (item)
            {
                case WriteData data:
                    batch.Add(data.Data);
                    acknowledged += data.Data.Length;
                    break;
                case WriteNotice notice:
                    batch.Add(Encoding.UTF8.GetBytes(notice.Text));
                    break;
                default:
                    return (acknowledged, true);
            }
        }
        return (acknowledged, false);
    }

    /// <summary>Writes the batch, then the BREAK that ended it if one did; gives the write side back.</summary>
    private async ValueTask FinishAsync(List<ReadOnlyMemory<byte>> batch, (long Acknowledged, bool BreakNext) taken, CancellationToken ct)
    {
        await FlushAsync(batch, ct).ConfigureAwait(false);
        if (taken.BreakNext)
            await _transport.SendBreakAsync(ct).ConfigureAwait(false);
        FinishBatch(taken.Acknowledged);
    }

    /// <summary>Gives the write side back and acknowledges the batch (on the inline dispatcher, an idle mux runs on this thread).</summary>
    private void FinishBatch(long acknowledged)
    {
        Volatile.Write(ref _writing, 0);
        if (acknowledged > 0)
        {
            using (ReadLoopInlineExecutor.Enter())
                _mux.Tell(new DataWritten(acknowledged), _port);
        }
    }

    /// <summary>Waits out a direct write in progress: one non-blocking system call, so spinning is cheap.</summary>
    private void TakeWriteSide()
    {
        var spin = new SpinWait();
        while (Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
            spin.SpinOnce();
    }

    private async ValueTask FlushAsync(List<ReadOnlyMemory<byte>> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
            return;
        if (batch.Count == 1)
            await _transport.WriteAsync(batch[0], ct).ConfigureAwait(false);
        else
            await _transport.WriteAsync(batch, ct).ConfigureAwait(false);
        batch.Clear();
        await _transport.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>A client's read takes everything its socket holds (up to 64 KiB), so a write is never cut in two.</summary>
    private Memory<byte> NextBuffer(ReadBuffer buffer) => buffer.Next(_clientPort ? _transport.Available() : 0);

    private void End(string reason, Exception? error) => _port.Tell(new TransportEnded(_generation, reason, error));

    /// <summary>
    /// The peer's input ended. A client that shut down only its write side (<c>echo cmd | socat - unix-connect:...</c>
    /// does, at the end of its input) still reads: its output goes on until it closes for good, which the next write
    /// finds. Anything else (a console, a pty, a WebSocket) has ended.
    /// </summary>
    private void EndOfInput()
    {
        var stillReads = _clientPort ? _transport.PeerStillReads() : false;
        if (stillReads is false)
        {
            End("closed by peer", null);
            return;
        }
        _port.Tell(new InputEnded(_generation));
        if (stillReads is true)
            _ = WatchForHangUpAsync(_cts.Token);
    }

    /// <summary>A half-closed unix client that closes for good is noticed within a second, output or not.</summary>
    private async Task WatchForHangUpAsync(CancellationToken ct)
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                if (_transport.PeerStillReads() is false)
                {
                    End("closed by peer", null);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public ValueTask DisposeAsync() => CloseAsync(TimeSpan.Zero);

    /// <summary>
    /// Closes the session. With a positive <paramref name="drain"/>, what is already queued (data, a goodbye notice)
    /// is written first, for at most that long; then the transport is closed, which wakes any pending read.
    /// </summary>
    public async ValueTask CloseAsync(TimeSpan drain)
    {
        _writes.Complete();
        if (drain > TimeSpan.Zero)
        {
            try
            {
                await _writeLoop.WaitAsync(drain).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // a stuck client gets no more time than this
            }
        }
        await _cts.CancelAsync().ConfigureAwait(false);
        await _transport.DisposeAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_readLoop, _writeLoop).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The loops report their own failures; a loop stuck past 5 s is abandoned, its transport is closed.
        }
        _readCts.Dispose();
        _cts.Dispose();
    }

    /// <summary>
    /// Reads no more, writes on: the read in progress, if any, is passed to the mux first. Completes when the read
    /// loop has ended, so whatever the port tells the mux next arrives after the last chunk read.
    /// </summary>
    public async Task StopReadingAsync()
    {
        Gate.Pause();
        await _readCts.CancelAsync().ConfigureAwait(false);
        try
        {
            await _readLoop.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // a read loop stuck past 2 s (a device that never answers) is left to the close
        }
    }
}
