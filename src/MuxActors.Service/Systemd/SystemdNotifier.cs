using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace MuxActors.Service.Systemd;

/// <summary>
/// sd_notify without libsystemd: one datagram of KEY=VALUE lines to <c>$NOTIFY_SOCKET</c> (a leading '@' names the
/// abstract namespace). Does nothing when not started by systemd with <c>Type=notify</c>.
/// </summary>
public sealed class SystemdNotifier
{
    private readonly string? _socketPath;

    /// <summary>Reads <c>NOTIFY_SOCKET</c>, <c>WATCHDOG_USEC</c> and <c>WATCHDOG_PID</c> from <paramref name="environment"/>.</summary>
    public SystemdNotifier(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var socket = environment("NOTIFY_SOCKET");
        _socketPath = string.IsNullOrEmpty(socket) ? null : socket[0] == '@' ? "\0" + socket[1..] : socket;
        var pid = environment("WATCHDOG_PID");
        var forUs = string.IsNullOrEmpty(pid) || pid == Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        if (forUs && long.TryParse(environment("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) && usec > 0)
            WatchdogInterval = TimeSpan.FromMicroseconds(usec);
    }

    /// <summary>Whether a notification socket is configured.</summary>
    public bool Enabled => _socketPath is not null;

    /// <summary>systemd's watchdog timeout, when one is set for this process; ping at half of it.</summary>
    public TimeSpan? WatchdogInterval { get; }

    /// <summary>Sends <paramref name="state"/> (KEY=VALUE lines); returns false when disabled or the socket is gone.</summary>
    public bool Notify(string state)
    {
        if (_socketPath is null)
            return false;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(_socketPath));
            socket.Send(Encoding.UTF8.GetBytes(state));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>READY=1 with a status line.</summary>
    public bool Ready(string status) => Notify($"READY=1\nSTATUS={status}");

    /// <summary>RELOADING=1 with the monotonic timestamp systemd requires (CLOCK_MONOTONIC in µs).</summary>
    public bool Reloading() => Notify(string.Create(CultureInfo.InvariantCulture,
        $"RELOADING=1\nMONOTONIC_USEC={MonotonicMicroseconds(System.Diagnostics.Stopwatch.GetTimestamp(), System.Diagnostics.Stopwatch.Frequency)}"));

    /// <summary>
    /// A Stopwatch timestamp (CLOCK_MONOTONIC on Linux) in µs. Multiplying first in 64 bits overflows once the clock
    /// passes about 2.5 hours at a nanosecond frequency, so the product is taken in 128 bits.
    /// </summary>
    internal static long MonotonicMicroseconds(long timestamp, long frequency) => (long)((Int128)timestamp * 1_000_000 / frequency);

    /// <summary>STOPPING=1.</summary>
    public bool Stopping() => Notify("STOPPING=1");

    /// <summary>WATCHDOG=1.</summary>
    public bool Watchdog() => Notify("WATCHDOG=1");
}
