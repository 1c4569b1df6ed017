using System.Text;
using MuxActors.Posix;

namespace MuxActors.Terminal.Tests.Vttest;

/// <summary>
/// Debian's vttest on an 80×24 pty, its output fed to a <see cref="Screen"/> whose replies (vttest's DA and DSR
/// queries) go back to it, as a terminal would answer. Tests type keys and await what the screen shows.
/// </summary>
public sealed class VttestSession : IAsyncDisposable
{
    private readonly PtyProcess _process;
    private readonly Lock _gate = new();
    private readonly Awaitable _changed = new();
    private readonly MemoryStream _output = new();
    private readonly Task _reader;

    private VttestSession(PtyProcess process)
    {
        _process = process;
        _reader = Task.Run(ReadLoopAsync);
    }

    public Screen Screen { get; } = new(80, 24, 0);

    /// <summary>Why vttest cannot run here, or null.</summary>
    public static string? Unavailable => Tools.Find("vttest") is null ? "vttest is not installed (apt-get install vttest)" : null;

    public static VttestSession Start() => new(PtyProcess.Start(new PtyProcessOptions(["vttest", "24x80"])
    {
        Environment = new Dictionary<string, string?> { ["TERM"] = "xterm", ["LANG"] = "C.UTF-8" },
        WindowSize = new WindowSize(24, 80),
    }));

    /// <summary>Every byte vttest wrote so far.</summary>
    public byte[] Output
    {
        get
        {
            lock (_gate)
                return _output.ToArray();
        }
    }

    public Task TypeAsync(string keys) => _process.Terminal.WriteAsync(Encoding.ASCII.GetBytes(keys)).AsTask();

    /// <summary>Waits until <paramref name="condition"/> holds for the screen; fails showing the screen.</summary>
    public Task UntilAsync(Func<Screen, bool> condition, string what) =>
        _changed.UntilAsync(
            () => { lock (_gate) return condition(Screen); },
            () => { lock (_gate) return $"vttest: {what} did not show; the screen:\n{ScreenAssert.Dump(Screen)}"; },
            TestTimeouts.Dilated(TimeSpan.FromSeconds(20)));

    /// <summary>Waits until some row reads <paramref name="text"/> (anywhere in it).</summary>
    public Task UntilShownAsync(string text) =>
        UntilAsync(s => Enumerable.Range(0, s.Rows).Any(r => s.TextOf(r).Contains(text, StringComparison.Ordinal)), $"'{text}'");

    /// <summary>
    /// Waits until vttest has asked for Return <paramref name="count"/> times in all: each test screen ends with that
    /// prompt, so the screen is then complete.
    /// </summary>
    public Task UntilPromptedAsync(int count) =>
        _changed.UntilAsync(
            () => { lock (_gate) return Occurrences(_output, "Push <RETURN>"u8) >= count; },
            () => { lock (_gate) return $"vttest: screen {count} did not end; the screen:\n{ScreenAssert.Dump(Screen)}"; },
            TestTimeouts.Dilated(TimeSpan.FromSeconds(20)));

    private static int Occurrences(MemoryStream output, ReadOnlySpan<byte> text)
    {
        ReadOnlySpan<byte> data = output.GetBuffer().AsSpan(0, (int)output.Length);
        int count = 0;
        for (int i = data.IndexOf(text); i >= 0; i = data.IndexOf(text))
        {
            count++;
            data = data[(i + text.Length)..];
        }
        return count;
    }

    /// <summary>Reads the screen under the lock.</summary>
    public T Read<T>(Func<Screen, T> read)
    {
        lock (_gate)
            return read(Screen);
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await _process.Terminal.ReadAsync(buffer)) > 0)
            {
                IReadOnlyList<byte[]> replies;
                lock (_gate)
                {
                    _output.Write(buffer, 0, n);
                    Screen.Feed(buffer.AsSpan(0, n));
                    replies = Screen.TakeReplies();
                }
                foreach (byte[] reply in replies)
                    await _process.Terminal.WriteAsync(reply);
                _changed.Pulse();
            }
        }
        catch (IOException)
        {
            // EIO once vttest has exited and closed the pty.
        }
        catch (ObjectDisposedException)
        {
        }
        _changed.Pulse();
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // The reader is blocked on a pty that will not close; the test is over either way.
        }
        _output.Dispose();
    }
}

/// <summary>A fact that reports skipped when vttest is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class VttestFactAttribute : FactAttribute
{
    public VttestFactAttribute()
    {
        if (VttestSession.Unavailable is { } why)
            Skip = why;
    }
}
