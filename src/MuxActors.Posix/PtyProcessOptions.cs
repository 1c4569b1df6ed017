namespace MuxActors.Posix;

/// <summary>What to run under a new pty and how.</summary>
public sealed class PtyProcessOptions
{
    /// <summary>Creates options for <paramref name="argv"/>.</summary>
    /// <param name="argv">The program (looked up in this process's PATH, like execvp) and its arguments; argv[0] is the program.</param>
    public PtyProcessOptions(IReadOnlyList<string> argv)
    {
        ArgumentNullException.ThrowIfNull(argv);
        if (argv.Count == 0 || string.IsNullOrEmpty(argv[0]))
        {
            throw new ArgumentException("argv needs at least the program name.", nameof(argv));
        }
        Argv = argv;
    }

    /// <summary>The program and its arguments.</summary>
    public IReadOnlyList<string> Argv { get; }

    /// <summary>
    /// Environment variables: added to (or, with a null value, removed from) this process's
    /// environment, or the whole environment when <see cref="InheritEnvironment"/> is false.
    /// </summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>Start from this process's environment (true, the default) or from nothing.</summary>
    public bool InheritEnvironment { get; init; } = true;

    /// <summary>The child's working directory; this process's when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The terminal size, set before the child starts.</summary>
    public WindowSize WindowSize { get; init; } = WindowSize.Default;

    /// <summary>How long Dispose waits after SIGHUP and SIGTERM before SIGKILL.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The clock for <see cref="KillGrace"/>; <see cref="TimeProvider.System"/> when null.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>The poller for the master and the exit watch; <see cref="FdPoller.Shared"/> when null.</summary>
    public FdPoller? Poller { get; init; }

    /// <summary>Reap with a thread blocked in waitid instead of a pidfd (the pre-5.3 kernel fallback); lets tests exercise it.</summary>
    internal bool UseBlockingReaper { get; init; }
}
