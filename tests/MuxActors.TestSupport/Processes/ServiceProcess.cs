using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MuxActors.TestSupport.Processes;

/// <summary>The real <c>muxactors</c> executable running as a child process, with its output captured.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Awaitable _output = new();

    private ServiceProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public IReadOnlyCollection<string> Lines => _lines.ToArray();

    public string Output => string.Join('\n', _lines);

    public static ServiceProcess Start(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
    {
        var info = DotnetStartInfo(Path.Combine(AppContext.BaseDirectory, "muxactors.dll"), args);
        info.WorkingDirectory = workingDirectory;
        info.Environment.Remove("NOTIFY_SOCKET");
        info.Environment.Remove("JOURNAL_STREAM");
        info.Environment.Remove("INVOCATION_ID");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;
        return new ServiceProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start muxactors"));
    }

    /// <summary>Starts <c>dotnet DLL ARGS...</c> with every standard stream redirected (muxactors, muxctl).</summary>
    public static ProcessStartInfo DotnetStartInfo(string dll, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        return info;
    }

    private void Add(string? line)
    {
        if (line is null)
            return;
        _lines.Enqueue(line);
        _output.Pulse();
    }

    /// <summary>Waits for an output line matching <paramref name="pattern"/> (lines seen earlier count too).</summary>
    public async Task<string> WaitForLineAsync(string pattern, TimeSpan? timeout = null)
    {
        var regex = new Regex(pattern);
        await WaitUntilAsync(lines => lines.Any(regex.IsMatch), $"a line matching /{pattern}/", timeout);
        return _lines.First(regex.IsMatch);
    }

    /// <summary>Waits until at least <paramref name="count"/> output lines contain <paramref name="text"/>.</summary>
    public Task WaitForCountAsync(string text, int count, TimeSpan? timeout = null) =>
        WaitUntilAsync(lines => lines.Count(l => l.Contains(text, StringComparison.Ordinal)) >= count, $"{count} line(s) containing '{text}'", timeout);

    private Task WaitUntilAsync(Func<IReadOnlyCollection<string>, bool> condition, string what, TimeSpan? timeout) =>
        _output.UntilAsync(() => condition(Lines), () => $"muxactors: waited for {what}; output so far:\n{Output}", timeout);

    /// <summary>Writes <paramref name="text"/> to the process's standard input, as typed.</summary>
    public async Task TypeAsync(string text)
    {
        await _process.StandardInput.WriteAsync(text);
        await _process.StandardInput.FlushAsync();
    }

    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(cts.Token);
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
}
