namespace MuxActors.Posix;

/// <summary>How a child process ended: an exit code or a terminating signal.</summary>
public readonly record struct ChildExit
{
    /// <summary>The exit code (0–255) when the child exited normally, otherwise null.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The signal number that killed the child, otherwise null.</summary>
    public int? Signal { get; init; }

    /// <summary>True when the kill dumped core.</summary>
    public bool CoreDumped { get; init; }

    /// <summary>True for exit code 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>An exit with <paramref name="code"/>.</summary>
    /// <param name="code">The exit code.</param>
    /// <returns>The exit.</returns>
    public static ChildExit Exited(int code) => new() { ExitCode = code };

    /// <summary>A kill by <paramref name="signal"/>.</summary>
    /// <param name="signal">The signal number.</param>
    /// <returns>The exit.</returns>
    public static ChildExit Killed(int signal) => new() { Signal = signal };

    /// <summary>Decodes a waitpid status: exit = (status &gt;&gt; 8) &amp; 0xff when status &amp; 0x7f is 0, else signal = status &amp; 0x7f.</summary>
    /// <param name="status">The raw status.</param>
    /// <returns>The exit.</returns>
    public static ChildExit FromWaitStatus(int status) => (status & 0x7f) == 0
        ? new ChildExit { ExitCode = (status >> 8) & 0xff }
        : new ChildExit { Signal = status & 0x7f, CoreDumped = (status & 0x80) != 0 };

    /// <summary>"exit code N" or "killed by signal N (NAME)".</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Signal is int s
        ? $"killed by signal {s}{SignalName(s)}{(CoreDumped ? ", core dumped" : "")}"
        : $"exit code {ExitCode}";

    private static string SignalName(int signal) => signal switch
    {
        1 => " (SIGHUP)",
        2 => " (SIGINT)",
        3 => " (SIGQUIT)",
        6 => " (SIGABRT)",
        9 => " (SIGKILL)",
        11 => " (SIGSEGV)",
        13 => " (SIGPIPE)",
        15 => " (SIGTERM)",
        _ => "",
    };
}
