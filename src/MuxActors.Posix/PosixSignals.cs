namespace MuxActors.Posix;

/// <summary>Linux signal numbers used with <see cref="PtyProcess.Kill"/>.</summary>
public static class PosixSignals
{
    /// <summary>Hang-up (1): the terminal went away.</summary>
    public const int SIGHUP = 1;

    /// <summary>Interrupt (2).</summary>
    public const int SIGINT = 2;

    /// <summary>Kill (9): cannot be caught.</summary>
    public const int SIGKILL = 9;

    /// <summary>Terminate (15).</summary>
    public const int SIGTERM = 15;

    /// <summary>Continue a stopped process (18).</summary>
    public const int SIGCONT = 18;
}
