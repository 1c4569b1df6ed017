using System.Globalization;

namespace MuxActors.TestKit;

/// <summary>
/// Default timeouts of probes. All are multiplied by the <c>MUXACTORS_TEST_DILATION</c> environment variable
/// (default 1), so a slow machine can be given more time without editing tests.
/// </summary>
public sealed record TestKitSettings
{
    /// <summary>How long an Expect... waits when no timeout is given.</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long ExpectNoMsg watches for an unexpected message when no duration is given.</summary>
    public TimeSpan DefaultNoMessageWait { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>The time factor read from <c>MUXACTORS_TEST_DILATION</c>.</summary>
    public static double Dilation { get; } =
        double.TryParse(Environment.GetEnvironmentVariable("MUXACTORS_TEST_DILATION"), NumberStyles.Float,
            CultureInfo.InvariantCulture, out var d) && d > 0 ? d : 1.0;

    /// <summary>Scales a duration by <see cref="Dilation"/>.</summary>
    public static TimeSpan Dilated(TimeSpan duration) => duration * Dilation;
}

/// <summary>A test expectation was not met.</summary>
public sealed class TestKitAssertionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TestKitAssertionException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public TestKitAssertionException() { }

    /// <summary>Creates the exception.</summary>
    public TestKitAssertionException(string message, Exception inner) : base(message, inner) { }
}
