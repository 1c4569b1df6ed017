using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MuxActors.Service.Tests.Browser;

/// <summary>
/// Debian's chromium driven by playwright-core through <c>Browser/driver.mjs</c> (one browser per test class): JSON
/// commands on its stdin, one answer line each on its stdout.
/// </summary>
public sealed class BrowserDriver : IAsyncDisposable
{
    private readonly Process _node;
    private readonly SemaphoreSlim _one = new(1, 1);
    private int _id;

    private BrowserDriver(Process node) => _node = node;

    /// <summary>The folder of driver.mjs and its node_modules, found above the test binaries.</summary>
    public static string? Folder { get; } = FindFolder();

    /// <summary>Why the browser tests cannot run here, or <c>null</c> when they can.</summary>
    public static string? Unavailable { get; } = FindUnavailable();

    public static BrowserDriver Start()
    {
        var info = new ProcessStartInfo("node", ["driver.mjs"])
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        return new BrowserDriver(Process.Start(info) ?? throw new InvalidOperationException("could not start node"));
    }

    /// <summary>Runs one command; throws with the driver's error when it failed.</summary>
    public async Task<JsonNode?> SendAsync(string cmd, object? arguments = null, TimeSpan? timeout = null)
    {
        var command = arguments is null ? new JsonObject() : JsonSerializer.SerializeToNode(arguments)!.AsObject();
        await _one.WaitAsync();
        try
        {
            var id = ++_id;
            command["id"] = id;
            command["cmd"] = cmd;
            await _node.StandardInput.WriteLineAsync(command.ToJsonString());
            await _node.StandardInput.FlushAsync();
            using var deadline = new CancellationTokenSource(TestTimeouts.Dilated(timeout ?? TimeSpan.FromSeconds(30)));
            var line = await _node.StandardOutput.ReadLineAsync(deadline.Token) ?? throw new InvalidOperationException("the browser driver ended");
            var answer = JsonNode.Parse(line)!;
            if (answer["ok"]!.GetValue<bool>() != true)
                throw new InvalidOperationException($"browser: {cmd}: {answer["error"]}");
            return answer["value"];
        }
        finally
        {
            _one.Release();
        }
    }

    public Task OpenAsync(string page, string url) => SendAsync("open", new { page, url });

    /// <summary>Waits until a line of the page's xterm.js buffer matches <paramref name="pattern"/> (a JavaScript regular expression).</summary>
    public Task WaitForAsync(string page, string pattern, TimeSpan? timeout = null)
    {
        var ms = (int)TestTimeouts.Dilated(timeout ?? TimeSpan.FromSeconds(20)).TotalMilliseconds;
        return SendAsync("waitFor", new { page, pattern, timeout = ms }, TimeSpan.FromMilliseconds(ms) + TimeSpan.FromSeconds(10));
    }

    /// <summary>Waits until a line of the page's xterm.js buffer is exactly <paramref name="line"/>.</summary>
    public Task WaitForLineAsync(string page, string line, TimeSpan? timeout = null) =>
        WaitForAsync(page, "^" + System.Text.RegularExpressions.Regex.Escape(line) + "$", timeout);

    public async Task<string[]> LinesAsync(string page) =>
        (await SendAsync("lines", new { page }))!.AsArray().Select(l => l!.GetValue<string>().TrimEnd()).ToArray();

    public async Task<JsonNode> StatsAsync(string page) => (await SendAsync("stats", new { page }))!;

    public async ValueTask DisposeAsync()
    {
        try
        {
            _node.StandardInput.Close(); // the driver closes the browser at the end of its input
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _node.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _node.Kill(entireProcessTree: true);
        }
        _node.Dispose();
    }

    private static string? FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "MuxActors.Service.Tests", "Browser");
            if (File.Exists(Path.Combine(candidate, "driver.mjs")))
                return candidate;
        }
        return null;
    }

    private static string? FindUnavailable()
    {
        if (!OperatingSystem.IsLinux())
            return "the browser tests run on Linux";
        if (FindOnPath("node") is null)
            return "node is not installed (apt-get install nodejs npm)";
        if (!File.Exists(Environment.GetEnvironmentVariable("CHROMIUM") ?? "/usr/bin/chromium"))
            return "chromium is not installed (apt-get install chromium)";
        if (Folder is null || !Directory.Exists(Path.Combine(Folder, "node_modules", "playwright-core")))
            return "playwright-core is not restored (npm ci in tests/MuxActors.Service.Tests/Browser; the build does it when npm is installed)";
        if (!File.Exists(Path.Combine(AppContext.BaseDirectory, "webterm", "xterm.js")))
            return "the web page's xterm.js was not built (npm missing when MuxActors.Service was built)";
        return null;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}

/// <summary>One browser for a test class (none when the browser tests cannot run here).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private BrowserDriver? _driver;

    public BrowserDriver Driver => _driver ?? throw new InvalidOperationException(BrowserDriver.Unavailable);

    public Task InitializeAsync()
    {
        if (BrowserDriver.Unavailable is null)
            _driver = BrowserDriver.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_driver is not null)
            await _driver.DisposeAsync();
    }
}

/// <summary>A fact that reports skipped, saying what to install, when chromium, node or the page's assets are missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (BrowserDriver.Unavailable is { } why)
            Skip = why;
    }
}
