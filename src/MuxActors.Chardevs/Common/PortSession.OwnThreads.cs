namespace MuxActors.Chardevs.Common;

/// <summary>
/// A port session's threads of its own. A port that streams (its device keeps data ready, or keeps its writes
/// waiting) would keep a pool thread busy anyway; on a thread of its own it waits for the device in poll(2) and is woken
/// by the device directly, instead of through .NET's event loop and a pool thread for every wait. The thread goes back
/// to the pool once the device has been quiet (or stuck) for <see cref="OwnThreadIdleMilliseconds"/>, so idle ports,
/// however many, hold no thread; at most <see cref="OwnThreads.Max"/> run at once in the process.
/// </summary>
internal sealed partial class PortSession
{
    private const int OwnThreadIdleMilliseconds = 500;

    /// <summary>Reads on a thread of its own (one slot already taken); true when the device has ended.</summary>
    private Task<bool> ReadOnOwnThreadAsync(ReadBuffer buffer, CancellationToken ct) =>
        OwnThreads.Run("port reader", () => ReadWaiting(buffer, ct));

    /// <summary>Reads while the device keeps sending; returns false once it has been quiet for a while.</summary>
    private bool ReadWaiting(ReadBuffer buffer, CancellationToken ct)
    {
        while (true)
        {
            Gate.WaitOpen(ct);
            ReadAhead.WaitBelowLimit(ct);
            var n = _transport.ReadWaiting(NextBuffer(buffer).Span, OwnThreadIdleMilliseconds);
            if (n < 0)
                return false;
            if (n == 0)
            {
                if (!ct.IsCancellationRequested) // else it is our own close that woke the read
                    EndOfInput();
                return true;
            }
            Pass(buffer.Commit(n));
        }
    }

    /// <summary>
    /// Writes on a thread of its own (one slot already taken) while writes keep coming. Returns null when it gave the
    /// write side back; or, when the device took nothing for a while, the batch whose rest is left unwritten in
    /// <paramref name="batch"/>, for the write loop to finish: it still holds the write side then.
    /// </summary>
    private Task<(long Acknowledged, bool BreakNext)?> WriteOnOwnThreadAsync(List<ReadOnlyMemory<byte>> batch, CancellationToken ct) =>
        OwnThreads.Run("port writer", () => WriteWaiting(batch, ct));

    private (long Acknowledged, bool BreakNext)? WriteWaiting(List<ReadOnlyMemory<byte>> batch, CancellationToken ct)
    {
        while (_writes.Wait(OwnThreadIdleMilliseconds) && !ct.IsCancellationRequested)
        {
            TakeWriteSide();
            var taken = Drain(batch);
            var total = Pieces.Total(batch);
            var sent = batch.Count == 0 ? 0 : _transport.WriteWaiting(batch, OwnThreadIdleMilliseconds);
            if (sent < total)
            {
                Pieces.Trim(batch, sent);
                return taken;
            }
            batch.Clear();
            if (taken.BreakNext)
                _transport.SendBreakAsync(ct).AsTask().Wait(ct);
            FinishBatch(taken.Acknowledged);
        }
        return null;
    }
}

/// <summary>The process-wide count of port threads, bounded so that many streaming ports fall back to the pool.</summary>
internal static class OwnThreads
{
    internal const int Max = 64;
    private const int StackSize = 1024 * 1024; // it runs the mux's handlers, logging included; address space only
    private static int s_running;
    private static long s_started;

    /// <summary>Threads started since the process began (for tests and diagnostics).</summary>
    public static long Started => Interlocked.Read(ref s_started);

    public static bool TryEnter()
    {
        if (Interlocked.Increment(ref s_running) <= Max)
            return true;
        Interlocked.Decrement(ref s_running);
        return false;
    }

    /// <summary>Runs <paramref name="work"/> on a new background thread and gives the slot back when it ends.</summary>
    public static Task<T> Run<T>(string name, Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Increment(ref s_started);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
            finally
            {
                Interlocked.Decrement(ref s_running);
            }
        }, StackSize) { IsBackground = true, Name = name };
        thread.Start();
        return done.Task;
    }
}
