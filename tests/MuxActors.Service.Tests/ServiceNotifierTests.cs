using System.Globalization;
using Microsoft.Extensions.Hosting.Systemd;
using MuxActors.Service.Systemd;

namespace MuxActors.Service.Tests;

/// <summary>What MuxActors adds to the library's sd_notify: status lines, RELOADING=1, the watchdog's interval.</summary>
public sealed class ServiceNotifierTests
{
    [Theory]
    [InlineData(1_000_000_000L, 1_000_000L)]                  // 1 s
    [InlineData(9_400_000_000_000L, 9_400_000_000L)]          // 2 h 37 min: the 64-bit product would overflow here
    [InlineData(3_000_000_000_000_000L, 3_000_000_000_000L)]  // 95 years
    public void The_monotonic_clock_converts_to_microseconds_without_overflow_at_any_uptime(long nanoseconds, long expected) =>
        Assert.Equal(expected, ServiceNotifier.MonotonicMicroseconds(nanoseconds, 1_000_000_000));

    [Fact]
    public void The_lifetimes_ready_carries_the_status_line_and_stopping_stays_bare()
    {
        var sent = new RecordingNotifier();
        var notifier = new ServiceNotifier(sent);
        notifier.SetStatus("2 mux(es) running");
        notifier.Notify(ServiceState.Ready);
        notifier.Notify(ServiceState.Stopping);
        Assert.Equal(["READY=1\nSTATUS=2 mux(es) running", "STOPPING=1"], sent.States);
    }

    [Fact]
    public void A_reload_sends_reloading_with_the_monotonic_time_then_ready_with_its_status()
    {
        var sent = new RecordingNotifier();
        var notifier = new ServiceNotifier(sent);
        notifier.Reloading();
        notifier.Ready("reload rejected; previous configuration running");
        Assert.Matches(@"^RELOADING=1\nMONOTONIC_USEC=\d+$", sent.States[0]);
        Assert.Equal("READY=1\nSTATUS=reload rejected; previous configuration running", sent.States[1]);
    }

    [Fact]
    public void Nothing_is_sent_without_a_notify_socket()
    {
        var sent = new RecordingNotifier { IsEnabled = false };
        new ServiceNotifier(sent).Watchdog();
        Assert.Empty(sent.States);
    }

    [Theory]
    [InlineData("30000000", null, 30.0)]
    [InlineData("30000000", "self", 30.0)]
    [InlineData("30000000", "1", null)]   // the watchdog is for another process
    [InlineData("0", null, null)]
    [InlineData("soon", null, null)]
    [InlineData(null, null, null)]
    public void The_watchdog_interval_comes_from_watchdog_usec_for_this_process(string? usec, string? pid, double? seconds)
    {
        var environment = new Dictionary<string, string?>
        {
            ["WATCHDOG_USEC"] = usec,
            ["WATCHDOG_PID"] = pid == "self" ? Environment.ProcessId.ToString(CultureInfo.InvariantCulture) : pid,
        };
        Assert.Equal(seconds, ServiceNotifier.WatchdogInterval(k => environment.GetValueOrDefault(k))?.TotalSeconds);
    }

    private sealed class RecordingNotifier : ISystemdNotifier
    {
        public List<string> States { get; } = [];

        public bool IsEnabled { get; init; } = true;

        public void Notify(ServiceState state) => States.Add(state.ToString());
    }
}
