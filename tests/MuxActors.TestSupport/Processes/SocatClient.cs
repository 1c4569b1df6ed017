using System.Diagnostics;
using System.Text;

namespace MuxActors.TestSupport.Processes;

/// <summary>
/// The real <c>socat - UNIX-CONNECT:PATH</c> as a terminal user runs it: what is written to its standard input goes to
/// the socket, and everything it prints (what the socket sends) is kept to be awaited.
/// </summary>
public sealed class SocatClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _received = new();
    private readonly Lock _lock = new();
    private readonly Awaitable _changed = new();
    private readonly Task _reader;
    private readonly Task<string> _errors;

    private SocatClient(Process process)
    {
        _process = process;
        _errors = process.StandardError.ReadToEndAsync();
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>Everything socat printed so far.</summary>
    public string Received
    {
        get { lock (_lock) return _received.ToString(); }
    }

    public static SocatClient Connect(string path)
    {
        var start = new ProcessStartInfo("socat", ["-", "UNIX-CONNECT:" + path])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return new SocatClient(Process.Start(start) ?? throw new InvalidOperationException("socat did not start"));
    }

    /// <summary>Writes <paramref name="text"/> to socat's standard input, as typed.</summary>
    public async Task TypeAsync(string text)
    {
        await _process.StandardInput.BaseStream.WriteAsync(Encoding.UTF8.GetBytes(text));
        await _process.StandardInput.BaseStream.FlushAsync();
    }

    /// <summary>Waits until what socat printed satisfies <paramref name="condition"/> (re-checked on every read).</summary>
    public Task WaitUntilAsync(Func<string, bool> condition, string what, TimeSpan? timeout = null) =>
        _changed.UntilAsync(() => condition(Received), () => $"socat: {what}; {Exited()}printed so far: {Received}", timeout);

    private string Exited() =>
        _process.HasExited ? $"exited ({_process.ExitCode}: {(_errors.IsCompletedSuccessfully ? _errors.Result.Trim() : "")}), " : "";

    private async Task ReadAsync()
    {
        var buffer = new byte[4096];
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        var output = _process.StandardOutput.BaseStream;
        int n;
        while ((n = await output.ReadAsync(buffer)) > 0)
        {
            int count = decoder.GetChars(buffer, 0, n, chars, 0);
            lock (_lock)
                _received.Append(chars, 0, count);
            _changed.Pulse();
        }
        _changed.Pulse();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill();
        await _process.WaitForExitAsync();
        await _reader;
        await _errors;
        _process.Dispose();
    }
}
