using System.Globalization;

namespace MuxActors.TestSupport;

/// <summary>
/// Test timeouts, all multiplied by the <c>MUXACTORS_TEST_DILATION</c> environment variable (default 1), so a slow
/// machine can be given more time without editing tests.
/// </summary>
public static class TestTimeouts
{
    /// <summary>The time factor read from <c>MUXACTORS_TEST_DILATION</c>.</summary>
    public static double Dilation { get; } =
        double.TryParse(Environment.GetEnvironmentVariable("MUXACTORS_TEST_DILATION"), NumberStyles.Float,
            CultureInfo.InvariantCulture, out var d) && d > 0 ? d : 1.0;

    /// <summary>Scales a duration by <see cref="Dilation"/>.</summary>
    public static TimeSpan Dilated(TimeSpan duration) => duration * Dilation;
}

/// <summary>A test expectation was not met.</summary>
public sealed class WaitFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WaitFailedException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public WaitFailedException() { }

    /// <summary>Creates the exception.</summary>
    public WaitFailedException(string message, Exception inner) : base(message, inner) { }
}
