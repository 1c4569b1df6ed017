using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MuxActors.Terminal.Tests.XtermHeadless;

/// <summary>
/// @xterm/headless in a node process (<c>XtermHeadless/screen.mjs</c>): a byte stream in, the screen it draws out.
/// One process serves a test class; requests go one at a time.
/// </summary>
public sealed class HeadlessXterm : IAsyncDisposable
{
    private readonly Process _node;
    private readonly SemaphoreSlim _one = new(1, 1);

    private HeadlessXterm(Process node) => _node = node;

    /// <summary>The folder of screen.mjs and its node_modules, found above the test binaries.</summary>
    public static string? Folder { get; } = FindFolder();

    /// <summary>Why the differential tests cannot run here, or <c>null</c> when they can.</summary>
    public static string? Unavailable { get; } = FindUnavailable();

    public static HeadlessXterm Start()
    {
        var info = new ProcessStartInfo("node", ["screen.mjs"])
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        return new HeadlessXterm(Process.Start(info) ?? throw new InvalidOperationException("could not start node"));
    }

    /// <summary>The screen a fresh <paramref name="cols"/> × <paramref name="rows"/> xterm shows after <paramref name="data"/>.</summary>
    public async Task<XtermScreen> RenderAsync(byte[] data, int cols, int rows, int scrollback)
    {
        var request = new JsonObject
        {
            ["cols"] = cols,
            ["rows"] = rows,
            ["scrollback"] = scrollback,
            ["data"] = Convert.ToBase64String(data),
        };
        await _one.WaitAsync();
        try
        {
            await _node.StandardInput.WriteLineAsync(request.ToJsonString());
            await _node.StandardInput.FlushAsync();
            using var deadline = new CancellationTokenSource(TestTimeouts.Dilated(TimeSpan.FromSeconds(20)));
            string line = await _node.StandardOutput.ReadLineAsync(deadline.Token)
                ?? throw new InvalidOperationException("the xterm script ended");
            using var answer = JsonDocument.Parse(line);
            if (!answer.RootElement.GetProperty("ok").GetBoolean())
                throw new InvalidOperationException($"xterm: {answer.RootElement.GetProperty("error").GetString()}");
            return XtermScreen.Parse(answer.RootElement.GetProperty("screen"));
        }
        finally
        {
            _one.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _node.StandardInput.Close(); // the script ends at the end of its input
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _node.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _node.Kill(entireProcessTree: true);
        }
        _node.Dispose();
        _one.Dispose();
    }

    private static string? FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "MuxActors.Terminal.Tests", "XtermHeadless");
            if (File.Exists(Path.Combine(candidate, "screen.mjs")))
                return candidate;
        }
        return null;
    }

    private static string? FindUnavailable()
    {
        if (Tools.Find("node") is null)
            return "node is not installed (apt-get install nodejs npm)";
        if (Folder is null || !File.Exists(Path.Combine(Folder, "node_modules", "@xterm", "headless", "package.json"))
            || !File.Exists(Path.Combine(Folder, "node_modules", "@xterm", "addon-unicode11", "package.json")))
            return "@xterm/headless or @xterm/addon-unicode11 is not restored (npm ci in tests/MuxActors.Terminal.Tests/XtermHeadless; the build does it when npm is installed)";
        return null;
    }
}

/// <summary>One xterm process for a test class (none when the differential tests cannot run here).</summary>
public sealed class XtermFixture : IAsyncLifetime
{
    private HeadlessXterm? _xterm;

    public HeadlessXterm Xterm => _xterm ?? throw new InvalidOperationException(HeadlessXterm.Unavailable);

    public Task InitializeAsync()
    {
        if (HeadlessXterm.Unavailable is null)
            _xterm = HeadlessXterm.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_xterm is not null)
            await _xterm.DisposeAsync();
    }
}

/// <summary>A theory that reports skipped, saying what to install, when node or @xterm/headless is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class XtermTheoryAttribute : TheoryAttribute
{
    public XtermTheoryAttribute()
    {
        if (HeadlessXterm.Unavailable is { } why)
            Skip = why;
    }
}

/// <summary>A fact that reports skipped, saying what to install, when node or @xterm/headless is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class XtermFactAttribute : FactAttribute
{
    public XtermFactAttribute()
    {
        if (HeadlessXterm.Unavailable is { } why)
            Skip = why;
    }
}
