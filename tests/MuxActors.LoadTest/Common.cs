using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace MuxActors.LoadTest;

/// <summary>The bytes the stand-in VM prints: a fixed pseudo-random printable pattern, repeated; and the control bytes.</summary>
internal static class Pattern
{
    public const int Length = 1 << 20;

    /// <summary>A reader sends this once after connecting; the VM counts them to know every reader is live.</summary>
    public const byte Hello = (byte)'R';

    /// <summary>A keystroke (S3): never part of the pattern, so the echo is found in any amount of bulk output.</summary>
    public const byte Key = 0x05;

    /// <summary>End of a bulk stream whose length a reader cannot know (drop policy): never part of the pattern.</summary>
    public const byte End = 0x04;

    public static readonly byte[] Bytes = Create();

    private static byte[] Create()
    {
        var random = new Random(20240611);
        var bytes = new byte[Length];
        for (var i = 0; i < bytes.Length; i++)
            bytes[i] = (byte)(0x20 + random.Next(95)); // printable ASCII: no control byte, no UTF-8 sequence
        return bytes;
    }

    /// <summary>Whether <paramref name="data"/> is the pattern at stream offset <paramref name="position"/>.</summary>
    public static bool Matches(ReadOnlySpan<byte> data, long position)
    {
        while (!data.IsEmpty)
        {
            var offset = (int)(position % Length);
            var n = Math.Min(data.Length, Length - offset);
            if (!data[..n].SequenceEqual(Bytes.AsSpan(offset, n)))
                return false;
            data = data[n..];
            position += n;
        }
        return true;
    }
}

/// <summary>A count that tasks can wait on reaching a target.</summary>
internal sealed class AsyncCounter
{
    private readonly Lock _lock = new();
    private readonly List<(long Target, TaskCompletionSource Done)> _waiters = [];
    private long _value;

    public long Value
    {
        get { lock (_lock) return _value; }
    }

    public void Add(long n = 1)
    {
        List<TaskCompletionSource>? done = null;
        lock (_lock)
        {
            _value += n;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Target <= _value)
                {
                    (done ??= []).Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }
        done?.ForEach(d => d.TrySetResult());
    }

    public async Task WaitForAsync(long target, TimeSpan timeout, string what)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (_value >= target)
                return;
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((target, waiter));
        }
        try
        {
            await waiter.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(Fmt.I($"waited {timeout.TotalSeconds:0} s for {what}: {Value} of {target}"));
        }
    }
}

/// <summary>Monotonic time in the units the tool reports.</summary>
internal static class Clock
{
    public static long Now => Stopwatch.GetTimestamp();

    public static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;

    public static double Micros(long from, long to) => (to - from) * 1e6 / Stopwatch.Frequency;
}

/// <summary>Percentiles of a set of samples (nearest rank).</summary>
internal sealed class Percentiles
{
    private readonly double[] _sorted;

    public Percentiles(IEnumerable<double> samples)
    {
        _sorted = [.. samples];
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    public double this[double q] => _sorted.Length == 0 ? double.NaN : _sorted[Math.Clamp((int)Math.Ceiling(q * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    public double P50 => this[0.50];

    public double P90 => this[0.90];

    public double P99 => this[0.99];

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];
}

/// <summary>Invariant formatting helpers.</summary>
internal static class Fmt
{
    public static string I(FormattableString text) => FormattableString.Invariant(text);

    public static string MBps(double bytesPerSecond) => double.IsNaN(bytesPerSecond) ? "n/a" : I($"{bytesPerSecond / 1e6:0.0}");

    public static string Size(long bytes) => bytes >= 1 << 30 && bytes % (1 << 30) == 0 ? I($"{bytes >> 30} GiB")
        : bytes >= 1 << 20 ? I($"{bytes / (double)(1 << 20):0.#} MiB")
        : bytes >= 1 << 10 ? I($"{bytes / 1024.0:0.#} KiB")
        : I($"{bytes} B");

    public static string Us(double micros) => double.IsNaN(micros) ? "n/a"
        : micros >= 10_000 ? I($"{micros / 1000:0} ms")
        : micros >= 1000 ? I($"{micros / 1000:0.0#} ms")
        : I($"{micros:0} µs");

    public static string Ratio(double ratio) => double.IsNaN(ratio) || double.IsInfinity(ratio) ? "n/a" : I($"{ratio:0.00}×");

    /// <summary>"met (+12%)" / "missed by 30%" for a figure that should be at least <paramref name="target"/>.</summary>
    public static string AtLeast(double value, double target)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
            return "not measured";
        return value >= target ? I($"met ({(value / target - 1) * 100:0}% above)") : I($"missed by {(1 - value / target) * 100:0}%");
    }

    /// <summary>"met (-12%)" / "missed by 30%" for a figure that should be at most <paramref name="target"/>.</summary>
    public static string AtMost(double value, double target)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
            return "not measured";
        return value <= target ? I($"met ({(1 - value / target) * 100:0}% below)") : I($"missed by {(value / target - 1) * 100:0}%");
    }

    public static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}

/// <summary>Unix stream sockets for the VM side and the readers.</summary>
internal static class UnixSockets
{
    public static Socket Listen(string path, int backlog = 4096)
    {
        File.Delete(path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(backlog);
        return listener;
    }

    /// <summary>Connects, retrying while the server is not listening yet or its backlog is full.</summary>
    public static async Task<Socket> ConnectAsync(string path, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = Clock.Now + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var delay = 5;
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
                return socket;
            }
            catch (SocketException) when (Clock.Now < deadline)
            {
                socket.Dispose();
                await Task.Delay(delay, cancellationToken); // not listening yet, or the backlog is full: bounded retry
                delay = Math.Min(delay * 2, 100);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    /// <summary>Sends all of <paramref name="data"/>.</summary>
    public static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var n = await socket.SendAsync(data, SocketFlags.None, cancellationToken);
            data = data[n..];
        }
    }

    public static void Close(Socket? socket)
    {
        if (socket is null)
            return;
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        socket.Dispose();
    }
}

/// <summary>A scratch folder with short paths (unix socket paths are limited to 107 bytes).</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir(string tag) => Path = Directory.CreateTempSubdirectory("mxlt-" + tag + "-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>Facts about processes read from /proc.</summary>
internal static class Proc
{
    /// <summary>Resident memory in bytes (VmRSS), or -1.</summary>
    public static long Rss(int pid)
    {
        try
        {
            foreach (var line in System.IO.File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
        }
        return -1;
    }

    /// <summary>User+system CPU time of a process in seconds, or NaN.</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = System.IO.File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state); utime is field 14, stime field 15.
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks / 100.0; // USER_HZ is 100 on Linux
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    public static string SoftNoFileLimit()
    {
        foreach (var line in System.IO.File.ReadLines("/proc/self/limits"))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
                return string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3..5]);
        }
        return "?";
    }
}
