using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MuxActors.LoadTest;

/// <summary>A child process (muxactors, socat, ser2net) with its output lines captured and inspected as they come.</summary>
internal sealed partial class ChildProcess : IAsyncDisposable
{
    private const int MaxKeptLines = 2000;
    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly Queue<string> _lines = new();
    private readonly List<string> _warnings = [];
    private readonly Action<string>? _onLine;

    private ChildProcess(Process process, Action<string>? onLine)
    {
        _process = process;
        _onLine = onLine;
        StartedAt = Clock.Now;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; private init; } = "";

    public int Pid => _process.Id;

    public long StartedAt { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Warning and error lines (muxactors' WRN/ERR), the first hundred.</summary>
    public IReadOnlyList<string> Warnings
    {
        get { lock (_lock) return [.. _warnings]; }
    }

    public string Tail
    {
        get { lock (_lock) return string.Join('\n', _lines.TakeLast(40)); }
    }

    /// <summary>Starts <paramref name="file"/>; <paramref name="onLine"/> sees every output line (on a pool thread).</summary>
    public static ChildProcess Start(string name, string file, IEnumerable<string> args, Action<string>? onLine = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment.Remove("NOTIFY_SOCKET");
        info.Environment.Remove("JOURNAL_STREAM");
        info.Environment.Remove("INVOCATION_ID");
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        return new ChildProcess(process, onLine) { Name = name };
    }

    private void Add(string? line)
    {
        if (line is null)
            return;
        lock (_lock)
        {
            _lines.Enqueue(line);
            if (_lines.Count > MaxKeptLines)
                _lines.Dequeue();
            if (_warnings.Count < 100 && WarningLine().IsMatch(line))
                _warnings.Add(line);
        }
        _onLine?.Invoke(line);
    }

    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill?.WaitForExit();
    }

    /// <summary>
    /// How the process ended and its last lines, once its output has been read to the end (the lines arrive after the
    /// exit is seen, so a tail taken at once can be empty).
    /// </summary>
    public async Task<string> EndReportAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return "(still running)\n" + Tail;
        }
        return $"(exit code {_process.ExitCode})\n{Tail}";
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
            return;
        Signal("TERM");
        using var cts = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"\b(WRN|ERR|FTL)\b|warning|error", RegexOptions.IgnoreCase)]
    private static partial Regex WarningLine();
}
