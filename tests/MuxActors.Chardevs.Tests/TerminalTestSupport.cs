using System.Text;
using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.TestKit;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Config;
using MuxActors.Core.Mux;
using MuxActors.Core.Protocol;
using MuxActors.Hocon;
using MuxActors.Posix;
using MuxActors.TestSupport;

namespace MuxActors.Chardevs.Tests.Terminal;

/// <summary>The Akka test kit's settings for the terminal tests.</summary>
internal static class TerminalKit
{
    /// <summary>Expectations wait up to 5 s; an ExpectNoMsg with no duration watches for 150 ms.</summary>
    public const string Config = """
        akka.test.single-expect-default = 5s
        akka.test.expect-no-message-default = 150ms
        """;
}

/// <summary>A short-named temporary directory (socket paths must stay under 108 bytes).</summary>
internal sealed class TerminalTempDir : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine("/tmp", "mxt-" + Guid.NewGuid().ToString("N")[..10])).FullName;

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
    }
}

/// <summary>Deadline-based stream helpers: tests wait for conditions, never for time.</summary>
internal static class TerminalIo
{
    public static readonly TimeSpan Timeout = TestTimeouts.Dilated(TimeSpan.FromSeconds(10));

    public static CancellationToken Deadline() => new CancellationTokenSource(Timeout).Token;

    /// <summary>Opens a pty link or device path as a client would: O_NOCTTY, raw, not exclusive.</summary>
    public static SerialDevice OpenClient(string path) => SerialDevice.Open(path, new SerialSettings { Exclusive = false });

    public static async Task<byte[]> ReadExactlyAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        var filled = 0;
        var deadline = Deadline();
        while (filled < count)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(filled), deadline);
            if (n == 0)
                throw new EndOfStreamException($"EOF after {filled} of {count} bytes.");
            filled += n;
        }
        return buffer;
    }

    /// <summary>Reads until the text read so far matches <paramref name="pattern"/>; returns all of it.</summary>
    public static async Task<string> ReadUntilAsync(Stream stream, string pattern)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        var deadline = Deadline();
        while (!Regex.IsMatch(text.ToString(), pattern))
        {
            int n;
            try
            {
                n = await stream.ReadAsync(buffer, deadline);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Did not see /{pattern}/ in time; got '{Escape(text.ToString())}'.");
            }
            if (n == 0)
                throw new EndOfStreamException($"EOF before /{pattern}/; got '{Escape(text.ToString())}'.");
            text.Append(Encoding.Latin1.GetString(buffer, 0, n));
        }
        return text.ToString();
    }

    public static Task WriteAsync(Stream stream, string text) =>
        stream.WriteAsync(Encoding.Latin1.GetBytes(text), Deadline()).AsTask();

    public static byte[] AllByteValues(int repeats) => Enumerable.Range(0, 256 * repeats).Select(i => (byte)i).ToArray();

    public static string Escape(string s) => s.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking on a short interval, or fails naming <paramref name="what"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting until {what}.");
            await Task.Delay(10); // polling interval for state with no notification, not a synchronization sleep
        }
    }
}

/// <summary>Everything read from a stream so far, as text; waits read on until the whole transcript matches.</summary>
internal sealed class TerminalTranscript(Stream stream)
{
    private readonly StringBuilder _text = new();
    private readonly byte[] _buffer = new byte[4096];

    public string Text => _text.ToString();

    /// <summary>Reads until the text from <paramref name="from"/> on matches <paramref name="pattern"/>; returns that match.</summary>
    public async Task<Match> WaitForAsync(string pattern, int from = 0)
    {
        var deadline = TerminalIo.Deadline();
        while (true)
        {
            var match = Regex.Match(Text[Math.Min(from, _text.Length)..], pattern);
            if (match.Success)
                return match;
            int n;
            try
            {
                n = await stream.ReadAsync(_buffer, deadline);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Did not see /{pattern}/ in time; got '{TerminalIo.Escape(Text)}'.");
            }
            if (n == 0)
                throw new EndOfStreamException($"EOF before /{pattern}/; got '{TerminalIo.Escape(Text)}'.");
            _text.Append(Encoding.Latin1.GetString(_buffer, 0, n));
        }
    }
}

/// <summary>
/// Stands in for a mux in front of one port actor: records everything the port sends (bytes, open and close
/// events) so a test can wait for a condition on the whole history without losing messages to a skip.
/// </summary>
internal sealed class TerminalPortRecorder(TestProbe probe)
{
    private readonly List<byte> _bytes = [];
    private readonly List<object> _events = [];
    private long _offset;
    private long _untaken;

    public TestProbe Probe { get; } = probe;

    public IActorRef? Port { get; private set; }

    public PortContext Context(PortRole role) => new(Probe.Ref, role);

    public string Text => Encoding.Latin1.GetString([.. _bytes]);

    public byte[] Bytes => [.. _bytes];

    public IReadOnlyList<object> Events => _events;

    public int Count<T>() => _events.OfType<T>().Count();

    public Task<PortOpened> OpenedAsync(int count = 1) =>
        WaitForAsync(r => r.Count<PortOpened>() >= count ? r._events.OfType<PortOpened>().Last() : null, $"PortOpened #{count}");

    public Task<PortClosed> ClosedAsync(int count = 1) =>
        WaitForAsync(r => r.Count<PortClosed>() >= count ? r._events.OfType<PortClosed>().Last() : null, $"PortClosed #{count}");

    public Task<Terminated> TerminatedAsync() =>
        WaitForAsync(r => r._events.OfType<Terminated>().FirstOrDefault(), "Terminated");

    public Task<string> TextAsync(string pattern) =>
        WaitForAsync(r => Regex.IsMatch(r.Text, pattern) ? r.Text : null, $"text matching /{pattern}/");

    public Task<byte[]> BytesAsync(int count) =>
        WaitForAsync(r => r._bytes.Count >= count ? r.Bytes : null, $"{count} bytes");

    /// <summary>Whether received data is confirmed at once with <see cref="DataTaken"/>, as the mux does; when off, the port's read-ahead fills up.</summary>
    public bool ConfirmData { get; set; } = true;

    /// <summary>Confirms everything received so far.</summary>
    public void ConfirmAll()
    {
        Port?.Tell(new DataTaken(_untaken), Probe.Ref);
        _untaken = 0;
    }

    /// <summary>Records whatever arrives for <paramref name="duration"/>: for asserting that something does not happen.</summary>
    public async Task ObserveAsync(TimeSpan duration)
    {
        var until = DateTime.UtcNow + TestTimeouts.Dilated(duration);
        while (DateTime.UtcNow < until)
        {
            var remaining = until - DateTime.UtcNow;
            if (await Probe.ReceiveOneAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero) is not { } message)
                return; // nothing more arrived
            Record(message);
        }
    }

    public void Clear() => _bytes.Clear();

    /// <summary>Sends input to the port as the mux would.</summary>
    public void Write(byte[] data)
    {
        (Port ?? throw new InvalidOperationException("no port yet")).Tell(new WriteData(_offset, data), Probe.Ref);
        _offset += data.Length;
    }

    public void Write(string text) => Write(Encoding.Latin1.GetBytes(text));

    public async Task<T> WaitForAsync<T>(Func<TerminalPortRecorder, T?> condition, string what) where T : class
    {
        var deadline = DateTime.UtcNow + TerminalIo.Timeout;
        while (true)
        {
            if (condition(this) is { } result)
                return result;
            var remaining = deadline - DateTime.UtcNow;
            if (await Probe.ReceiveOneAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero) is not { } got)
            {
                throw new WaitFailedException(
                    $"Timed out waiting for {what}; events [{string.Join(", ", _events)}], text '{TerminalIo.Escape(Text)}'.");
            }
            Record(got);
        }
    }

    private void Record(object message)
    {
        switch (message)
        {
            case DataReceived data:
                _bytes.AddRange(data.Data.ToArray());
                _untaken += data.Data.Length;
                if (ConfirmData)
                    ConfirmAll();
                break;
            case DataWritten:
                break;
            case PortOpened:
                Port = Probe.LastSender;
                _events.Add(message);
                break;
            default:
                _events.Add(message);
                break;
        }
    }
}

/// <summary>Builds and starts real muxes from HOCON text, with the built-in chardev registry.</summary>
internal static class TerminalMux
{
    public static MuxDefinition Read(string hocon, ChardevRegistry? registry = null) =>
        new ServiceConfigReader(registry ?? BuiltInChardevs.CreateRegistry()).Read(HoconConfig.FromString(hocon, "test.conf")).Muxes.Single();

    public static IActorRef Start(ActorSystem system, string hocon, ChardevRegistry? registry = null)
    {
        registry ??= BuiltInChardevs.CreateRegistry();
        var definition = Read(hocon, registry);
        return system.ActorOf(Props.Create(() => new MuxSupervisor(definition, registry)), definition.Name);
    }

    /// <summary>A log of every <see cref="MuxEvent"/> published in <paramref name="system"/> from now on.</summary>
    public static TerminalEventLog Events(ActorSystem system, TestProbe probe)
    {
        system.EventStream.Subscribe(probe.Ref, typeof(MuxEvent)); // in place at once
        return new TerminalEventLog(probe);
    }

    /// <summary>A HOCON string literal.</summary>
    public static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

/// <summary>
/// Every mux event, kept in order. <see cref="TakeAsync{T}"/> returns the oldest matching event not taken yet, so
/// events that arrive in an order a test does not care about are never lost (a mux publishes a chardev's restart
/// before the close that preceded it, for one).
/// </summary>
internal sealed class TerminalEventLog(TestProbe probe)
{
    private readonly List<MuxEvent> _events = [];
    private readonly HashSet<int> _taken = [];

    public async Task<T> TakeAsync<T>(Func<T, bool>? match = null) where T : MuxEvent
    {
        var deadline = DateTime.UtcNow + TerminalIo.Timeout;
        var seen = 0;
        while (true)
        {
            for (; seen < _events.Count; seen++)
            {
                if (!_taken.Contains(seen) && _events[seen] is T typed && (match is null || match(typed)))
                {
                    _taken.Add(seen);
                    return typed;
                }
            }
            var remaining = deadline - DateTime.UtcNow;
            var got = await probe.ReceiveOneAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
            if (got is null)
                throw new WaitFailedException($"Timed out waiting for a {typeof(T).Name}; events: [{string.Join(", ", _events)}].");
            if (got is MuxEvent e)
                _events.Add(e);
        }
    }
}

/// <summary>A parent for one chardev actor, supervising it with the given strategy (as a mux would).</summary>
internal sealed class TerminalParent : ReceiveActor
{
    private readonly Props _child;
    private readonly SupervisorStrategy _strategy;

    public TerminalParent(Props child, SupervisorStrategy strategy)
    {
        _child = child;
        _strategy = strategy;
        ReceiveAny(_ => { });
    }

    protected override void PreStart() => Context.ActorOf(_child, "child");

    protected override SupervisorStrategy SupervisorStrategy() => _strategy;
}

/// <summary>Finds programs on PATH, like which(1).</summary>
internal static class TerminalTools
{
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, name))
            .FirstOrDefault(path => OperatingSystem.IsLinux() && File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}

/// <summary>A fact that reports skipped, naming the package to install, when a third-party program is not on PATH.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TerminalToolFactAttribute : FactAttribute
{
    public TerminalToolFactAttribute(params string[] tools)
    {
        Tools = tools;
        var missing = tools.Where(t => TerminalTools.Find(t) is null).ToArray();
        if (missing.Length > 0)
            Skip = $"{string.Join(" and ", missing)} not installed (apt-get install {string.Join(' ', missing)})";
    }

    public IReadOnlyList<string> Tools { get; }
}
