using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MuxActors.TestSupport;
using MuxActors.TestSupport.Processes;

namespace MuxActors.Chaos;

/// <summary>
/// The real <c>muxactors</c> process under test. Its output is counted, not kept: client attach/detach lines per
/// chardev, the lines the scenarios wait for by their marker, errors (the first ten); plus the last lines for a
/// failure's message. So a run of any length holds bounded output.
/// </summary>
public sealed partial class MuxService : IAsyncDisposable
{
    private const int TailLines = 200;
    private static readonly string[] Markers =
    [
        "Reloading ", "Configuration applied", "Reload of ", "console frontend connected", "console frontend disconnected",
        ": listening on ",
    ];

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentDictionary<string, string> _ports = new();
    private readonly ConcurrentDictionary<string, int> _attached = new();
    private readonly ConcurrentDictionary<string, int> _detached = new();
    private readonly Awaitable _output = new();

    private MuxService(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>muxactors --config FILE</c> in the file's folder.</summary>
    public static MuxService Start(string config)
    {
        var info = ServiceProcess.DotnetStartInfo(Path.Combine(AppContext.BaseDirectory, "muxactors.dll"), ["--config", config]);
        info.WorkingDirectory = Path.GetDirectoryName(config)!;
        info.Environment.Remove("NOTIFY_SOCKET");
        info.Environment.Remove("JOURNAL_STREAM");
        info.Environment.Remove("INVOCATION_ID");
        return new MuxService(Process.Start(info) ?? throw new InvalidOperationException("could not start muxactors"));
    }

    private void Add(string? line)
    {
        if (line is null)
            return;
        if (ClientLine().Match(line) is { Success: true } m)
            (m.Groups[2].Value == "attached" ? _attached : _detached).AddOrUpdate(m.Groups[1].Value, 1, (_, n) => n + 1);
        if (PortOf().Match(line) is { Success: true } port)
            _ports[port.Groups[1].Value] = port.Groups[2].Value;
        foreach (var marker in Markers)
        {
            if (line.Contains(marker, StringComparison.Ordinal))
                _counts.AddOrUpdate(marker, 1, (_, n) => n + 1);
        }
        if (_errors.Count < 10 && ErrorLine().IsMatch(line) && !line.Contains("Reload rejected:", StringComparison.Ordinal))
            _errors.Enqueue(line);
        _lines.Enqueue(line);
        while (_lines.Count > TailLines)
            _lines.TryDequeue(out _);
        _output.Pulse();
    }

    /// <summary>Lines containing <paramref name="text"/>, one of the markers counted.</summary>
    public int Count(string text) =>
        Markers.Contains(text) ? _counts.GetValueOrDefault(text) : throw new ArgumentException($"'{text}' is not a counted marker", nameof(text));

    /// <summary>Clients of chardev <paramref name="id"/> attached so far.</summary>
    public int Attached(string id) => _attached.GetValueOrDefault(id);

    /// <summary>Clients of chardev <paramref name="id"/> detached so far.</summary>
    public int Detached(string id) => _detached.GetValueOrDefault(id);

    /// <summary>Error and fatal lines, the first ten (a rejected reload's errors are expected, not counted).</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    public string Tail => string.Join('\n', _lines.TakeLast(30));

    public Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan timeout) =>
        _output.UntilAsync(() => condition() || _process.HasExited && condition(),
            () => $"muxactors: waited for {what}{(_process.HasExited ? " (it exited)" : "")}; last lines:\n{Tail}", TestTimeouts.Dilated(timeout));

    public Task WaitForCountAsync(string text, int count, TimeSpan timeout) =>
        WaitUntilAsync(() => Count(text) >= count, $"{count} line(s) containing '{text}'", timeout);

    /// <summary>The port a tcp-server chardev chose (from its "listening on" line).</summary>
    public async Task<int> TcpPortAsync(string chardev)
    {
        string? port = null;
        await WaitUntilAsync(() => _ports.TryGetValue(chardev, out port), $"chardev {chardev} listening on TCP", TimeSpan.FromSeconds(20));
        return int.Parse(port!, CultureInfo.InvariantCulture);
    }

    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(TestTimeouts.Dilated(timeout));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"muxactors did not exit within {timeout.TotalSeconds:0} s; last lines:\n{Tail}");
        }
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"Mux \S+: (\S+) (attached|detached) \(")]
    private static partial Regex ClientLine();

    [GeneratedRegex(@"\b(ERR|FTL|CRT)\b|Unhandled exception")]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@"Chardev (\S+): listening on tcp:[^ ]*:(\d+)")]
    private static partial Regex PortOf();
}
