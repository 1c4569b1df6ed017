using Akka.Actor.Internal;
using Akka.Dispatch;

namespace MuxActors.Core.Dispatch;

/// <summary>
/// An executor for the muxes' dispatcher: a mailbox scheduled from inside <see cref="Enter"/> (a port's read or write
/// loop telling its mux about a chunk) runs at once on that thread instead of waiting for a pool thread; everything
/// else goes to the thread pool. Akka's mailbox already guarantees one run at a time, so this only saves the thread
/// hand-off per chunk and per keystroke; the caller waits while the mux handles its batch. A run never nests: the
/// mark is cleared while the mailbox runs, so what the mux sends meanwhile is scheduled as usual.
/// </summary>
public sealed class ReadLoopInlineExecutor(string id) : ExecutorService(id)
{
    [ThreadStatic]
    private static bool t_inline;

    /// <summary>Marks the calling thread as a read or write loop until the scope is disposed.</summary>
    public static InlineScope Enter()
    {
        var outer = t_inline;
        t_inline = true;
        return new InlineScope(outer);
    }

    /// <inheritdoc />
    public override void Execute(IRunnable run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!t_inline || InternalCurrentActorCellKeeper.Current is not null) // never inside another actor's run
        {
            ThreadPool.UnsafeQueueUserWorkItem(run, preferLocal: false);
            return;
        }
        t_inline = false;
        try
        {
            run.Run();
        }
        finally
        {
            t_inline = true;
        }
    }

    /// <inheritdoc />
    public override void Shutdown()
    {
    }

    /// <summary>Restores the thread's mark.</summary>
    public readonly struct InlineScope(bool outer) : IDisposable
    {
        /// <inheritdoc />
        public void Dispose() => t_inline = outer;
    }
}

/// <summary>
/// Lets a dispatcher use <see cref="ReadLoopInlineExecutor"/>:
/// <c>executor = "MuxActors.Core.Dispatch.ReadLoopInlineExecutorConfigurator, MuxActors.Core"</c>.
/// </summary>
public sealed class ReadLoopInlineExecutorConfigurator(Akka.Configuration.Config config, IDispatcherPrerequisites prerequisites)
    : ExecutorServiceConfigurator(config, prerequisites)
{
    /// <inheritdoc />
    public override ExecutorService Produce(string id) => new ReadLoopInlineExecutor(id);
}
