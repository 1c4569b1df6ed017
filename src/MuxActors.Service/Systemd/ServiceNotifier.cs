using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting.Systemd;

namespace MuxActors.Service.Systemd;

/// <summary>
/// MuxActors' sd_notify states on top of <c>Microsoft.Extensions.Hosting.Systemd</c>: the host's
/// <see cref="SystemdLifetime"/> sends <c>READY=1</c> (once every hosted service, the muxes included, has started) and
/// <c>STOPPING=1</c>; this notifier adds the status line to that <c>READY=1</c>, and sends <c>RELOADING=1</c>,
/// <c>STATUS=</c> and <c>WATCHDOG=1</c> itself. Every datagram goes through the library's <see cref="ISystemdNotifier"/>.
/// </summary>
public sealed class ServiceNotifier : ISystemdNotifier
{
    private static readonly string ReadyText = ServiceState.Ready.ToString();
    private readonly ISystemdNotifier _inner;
    private string? _status;

    /// <summary>Wraps <paramref name="inner"/> (the library's <see cref="SystemdNotifier"/>, which reads <c>NOTIFY_SOCKET</c>).</summary>
    public ServiceNotifier(ISystemdNotifier inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    /// <inheritdoc />
    public bool IsEnabled => _inner.IsEnabled;

    /// <summary>Sends <paramref name="state"/>; a bare <c>READY=1</c> (the host's lifetime) carries the latest status line.</summary>
    public void Notify(ServiceState state)
    {
        if (!_inner.IsEnabled)
            return;
        if (Volatile.Read(ref _status) is { } status && state.ToString() == ReadyText)
            state = new ServiceState($"{ReadyText}\nSTATUS={status}");
        try
        {
            _inner.Notify(state);
        }
        catch (SocketException)
        {
            // systemd went away (or the socket was never there): nothing to tell
        }
    }

    /// <summary>Remembers <paramref name="status"/> for the next <c>READY=1</c> the host's lifetime sends.</summary>
    public void SetStatus(string status) => Volatile.Write(ref _status, status);

    /// <summary><c>READY=1</c> with a status line (after a reload).</summary>
    public void Ready(string status)
    {
        SetStatus(status);
        Notify(ServiceState.Ready);
    }

    /// <summary>A <c>STATUS=</c> line alone.</summary>
    public void Status(string status)
    {
        SetStatus(status);
        Notify(new ServiceState("STATUS=" + status));
    }

    /// <summary><c>RELOADING=1</c> with the monotonic timestamp systemd requires (CLOCK_MONOTONIC in µs).</summary>
    public void Reloading() => Notify(new ServiceState(string.Create(CultureInfo.InvariantCulture,
        $"RELOADING=1\nMONOTONIC_USEC={MonotonicMicroseconds(System.Diagnostics.Stopwatch.GetTimestamp(), System.Diagnostics.Stopwatch.Frequency)}")));

    /// <summary><c>WATCHDOG=1</c>.</summary>
    public void Watchdog() => Notify(new ServiceState("WATCHDOG=1"));

    /// <summary>
    /// systemd's watchdog timeout for this process (<c>WATCHDOG_USEC</c>, when <c>WATCHDOG_PID</c> is unset or ours);
    /// ping at half of it. The library's notifier does not read it.
    /// </summary>
    public static TimeSpan? WatchdogInterval(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var pid = environment("WATCHDOG_PID");
        var forUs = string.IsNullOrEmpty(pid) || pid == Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        return forUs && long.TryParse(environment("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) && usec > 0
            ? TimeSpan.FromMicroseconds(usec)
            : null;
    }

    /// <summary>
    /// A Stopwatch timestamp (CLOCK_MONOTONIC on Linux) in µs. Multiplying first in 64 bits overflows once the clock
    /// passes about 2.5 hours at a nanosecond frequency, so the product is taken in 128 bits.
    /// </summary>
    internal static long MonotonicMicroseconds(long timestamp, long frequency) => (long)((Int128)timestamp * 1_000_000 / frequency);
}
