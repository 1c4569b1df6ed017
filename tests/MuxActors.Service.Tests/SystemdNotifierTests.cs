using MuxActors.Service.Systemd;

namespace MuxActors.Service.Tests;

public sealed class SystemdNotifierTests
{
    [Theory]
    [InlineData(1_000_000_000L, 1_000_000L)]                  // 1 s
    [InlineData(9_400_000_000_000L, 9_400_000_000L)]          // 2 h 37 min: the 64-bit product would overflow here
    [InlineData(3_000_000_000_000_000L, 3_000_000_000_000L)]  // 95 years
    public void The_monotonic_clock_converts_to_microseconds_without_overflow_at_any_uptime(long nanoseconds, long expected) =>
        Assert.Equal(expected, SystemdNotifier.MonotonicMicroseconds(nanoseconds, 1_000_000_000));
}
