using System.Text;
using MuxActors.Posix;

namespace MuxActors.Management.Tests.Support;

/// <summary>A program under a pseudo-terminal driven like a user would: typed into, its screen read.</summary>
internal sealed class TerminalSession : IAsyncDisposable
{
    private readonly PtyProcess _process;
    private readonly StringBuilder _screen = new();
    private readonly Lock _lock = new();
    private readonly Awaitable _changes = new();
    private readonly Task _reader;

    private TerminalSession(PtyProcess process)
    {
        _process = process;
        _reader = Task.Run(ReadAsync);
    }

    public Pty Pty => _process.Pty;

    public Task<ChildExit> Exited => _process.Exited;

    public int Pid => _process.Pid;

    public string Screen
    {
        get { lock (_lock) return _screen.ToString(); }
    }

    public static TerminalSession Start(params string[] argv) => new(PtyProcess.Start(new PtyProcessOptions(argv)));

    public async Task TypeAsync(string text) => await _process.Terminal.WriteAsync(Encoding.UTF8.GetBytes(text));

    public async Task TypeAsync(params byte[] keys) => await _process.Terminal.WriteAsync(keys);

    public Task WaitForTextAsync(string text) =>
        _changes.UntilAsync(() => Screen.Contains(text, StringComparison.Ordinal), () => $"the terminal never showed '{text}'; screen:\n{Screen}");

    public async Task<ChildExit> WaitForExitAsync()
    {
        try
        {
            return await _process.Exited.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("the program did not exit; screen:\n" + Screen);
        }
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var n = await _process.Terminal.ReadAsync(buffer);
                if (n == 0)
                    break;
                lock (_lock)
                    _screen.Append(Encoding.UTF8.GetString(buffer, 0, n));
                _changes.Pulse();
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or PosixException)
        {
        }
        _changes.Pulse();
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
        }
    }
}
