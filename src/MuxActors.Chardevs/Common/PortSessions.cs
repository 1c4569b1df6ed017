namespace MuxActors.Chardevs.Common;

/// <summary>
/// Keeps track of port sessions that are still closing, so a host can wait (bounded) for clients to be told and
/// files to be flushed before the process exits.
/// </summary>
public static class PortSessions
{
    private static readonly Lock s_lock = new();
    private static readonly HashSet<Task> s_closing = [];

    /// <summary>How long a stopping port may spend writing what is already queued.</summary>
    public static TimeSpan StopDrain { get; set; } = TimeSpan.FromSeconds(1);

    internal static void Track(Task closing)
    {
        lock (s_lock)
            s_closing.Add(closing);
        closing.ContinueWith(static t =>
        {
            lock (s_lock)
                s_closing.Remove(t);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Completes when every session that is closing now has closed, or after <paramref name="timeout"/>.</summary>
    public static async Task WhenAllClosedAsync(TimeSpan timeout)
    {
        Task[] pending;
        lock (s_lock)
            pending = [.. s_closing];
        try
        {
            await Task.WhenAll(pending).WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // the host has its own shutdown deadline; what is not closed by now is abandoned
        }
    }
}
