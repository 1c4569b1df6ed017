using System.Diagnostics;
using System.Text;

namespace MuxActors.Management.Tests.Support;

/// <summary>The real <c>muxctl</c> as a child process with its output captured (stdin a pipe, so no terminal).</summary>
internal sealed class Muxctl : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _err = new();
    private readonly Lock _lock = new();
    private readonly Awaitable _changes = new();

    private Muxctl(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Add(_out, e.Data);
        process.ErrorDataReceived += (_, e) => Add(_err, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "muxctl.dll");

    public string Out
    {
        get { lock (_lock) return _out.ToString(); }
    }

    public string Err
    {
        get { lock (_lock) return _err.ToString(); }
    }

    public int Pid => _process.Id;

    public static Muxctl Start(params string[] args)
    {
        var info = ServiceProcess.DotnetStartInfo(Dll, args);
        info.Environment.Remove("MUXACTORS_SOCKET");
        info.Environment.Remove("MUXACTORS_TOKEN");
        return new Muxctl(Process.Start(info) ?? throw new InvalidOperationException("could not start muxctl"));
    }

    /// <summary>Runs muxctl to completion: exit status, stdout, stderr.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        await using var muxctl = Start(args);
        var exit = await muxctl.WaitForExitAsync();
        return (exit, muxctl.Out, muxctl.Err);
    }

    public Task WaitForOutputAsync(string text) =>
        _changes.UntilAsync(() => Out.Contains(text, StringComparison.Ordinal), () => $"muxctl never printed '{text}'; stdout:\n{Out}\nstderr:\n{Err}");

    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"muxctl did not exit; stdout:\n{Out}\nstderr:\n{Err}");
        }
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    private void Add(StringBuilder target, string? line)
    {
        if (line is null)
            return;
        lock (_lock)
            target.Append(line).Append('\n');
        _changes.Pulse();
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
