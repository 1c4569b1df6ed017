using MuxActors.TestSupport;

namespace MuxActors.Chardevs.Tests.Harness;

/// <summary>Deadlines for waiting on sockets, files and actors (scaled by MUXACTORS_TEST_DILATION).</summary>
internal static class Deadline
{
    public static TimeSpan Default { get; } = TestTimeouts.Dilated(TimeSpan.FromSeconds(10));

    public static CancellationTokenSource After(TimeSpan? timeout = null) => new(timeout is { } t ? TestTimeouts.Dilated(t) : Default);

    /// <summary>Re-checks <paramref name="condition"/> until it holds; fails with <paramref name="what"/> at the deadline.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        using var deadline = After(timeout);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
                throw new WaitFailedException($"Timed out waiting until {what}.");
            await Task.Delay(5, CancellationToken.None); // polling interval for state only observable by asking
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout);
}
