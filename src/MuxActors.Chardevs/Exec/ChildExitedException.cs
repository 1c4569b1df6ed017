using MuxActors.Posix;

namespace MuxActors.Chardevs.Exec;

/// <summary>
/// Thrown by an <c>exec</c> chardev when its program ended and the restart policy asks for a new one: the mux's
/// supervisor restarts the chardev after its backoff (<c>restart.min-backoff</c> ... <c>restart.max-backoff</c>).
/// </summary>
public sealed class ChildExitedException : Exception
{
    /// <summary>Creates the exception for a program that ended with <paramref name="exit"/>.</summary>
    /// <param name="message">What ended and how, for example "'/bin/sh' (pid 42) exited with code 3".</param>
    /// <param name="exit">How it ended.</param>
    public ChildExitedException(string message, ChildExit exit)
        : base(message) => Exit = exit;

    /// <summary>Creates the exception.</summary>
    public ChildExitedException() { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ChildExitedException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ChildExitedException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>How the program ended, when known.</summary>
    public ChildExit? Exit { get; }

    /// <summary>"exited with code N" or "killed by signal N (NAME)".</summary>
    /// <param name="exit">How a program ended.</param>
    /// <returns>The description.</returns>
    public static string Describe(ChildExit exit) =>
        exit.Signal is null ? $"exited with code {exit.ExitCode}" : exit.ToString();
}
