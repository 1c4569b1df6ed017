using System.Threading.Channels;
using Akka.Actor;

namespace MuxActors.TestKit;

/// <summary>
/// An actor reference that records every message it receives so a test can assert on them. Waiting is in real
/// time with deadlines (never fixed sleeps): each Expect... completes as soon as the message arrives.
/// </summary>
public sealed class TestProbe
{
    private readonly Channel<(object Message, IActorRef? Sender)> _queue =
        Channel.CreateUnbounded<(object, IActorRef?)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly FunctionRef _ref;
    private readonly TestKitSettings _settings;
    private DateTimeOffset? _withinDeadline;

    /// <summary>Creates a probe in <paramref name="system"/>.</summary>
    public TestProbe(ActorSystem system, string? name = null, TestKitSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        System = system;
        _settings = settings ?? new TestKitSettings();
        _ref = system.CreateFunctionRef((m, s) => _queue.Writer.TryWrite((m, s)), name ?? "probe");
    }

    /// <summary>The system the probe lives in.</summary>
    public ActorSystem System { get; }

    /// <summary>The probe's reference: pass it as a sender or a reply-to.</summary>
    public IActorRef Ref => _ref;

    /// <summary>The sender of the last message taken by an Expect... call.</summary>
    public IActorRef? LastSender { get; private set; }

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with the probe as sender.</summary>
    public void Send(IActorRef target, object message) => target.Tell(message, Ref);

    /// <summary>Replies to <see cref="LastSender"/>.</summary>
    public void Reply(object message) =>
        (LastSender ?? throw new TestKitAssertionException("Reply: no message has been received yet.")).Tell(message, Ref);

    /// <summary>Expects the next message to be a <typeparamref name="T"/> matching <paramref name="predicate"/>.</summary>
    public async Task<T> ExpectMsgAsync<T>(Predicate<T>? predicate = null, TimeSpan? timeout = null, string? hint = null)
    {
        var (message, _) = await ReceiveOneAsync(timeout, $"a {typeof(T).Name}{Hint(hint)}").ConfigureAwait(false);
        if (message is not T typed)
            throw new TestKitAssertionException($"Expected a {typeof(T).Name}{Hint(hint)} but received {Describe(message)}.");
        if (predicate is not null && !predicate(typed))
            throw new TestKitAssertionException($"Received {Describe(message)}, which does not match the expectation{Hint(hint)}.");
        return typed;
    }

    /// <summary>Expects the next message to equal <paramref name="expected"/>.</summary>
    public async Task<T> ExpectMsgAsync<T>(T expected, TimeSpan? timeout = null) where T : notnull
    {
        var (message, _) = await ReceiveOneAsync(timeout, Describe(expected)).ConfigureAwait(false);
        if (!Equals(message, expected))
            throw new TestKitAssertionException($"Expected {Describe(expected)} but received {Describe(message)}.");
        return (T)message;
    }

    /// <summary>Asserts that no message arrives for <paramref name="duration"/>.</summary>
    public async Task ExpectNoMsgAsync(TimeSpan? duration = null)
    {
        var wait = TestKitSettings.Dilated(duration ?? _settings.DefaultNoMessageWait);
        using var cts = new CancellationTokenSource(wait);
        try
        {
            var got = await _queue.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
            LastSender = got.Sender;
            throw new TestKitAssertionException($"Expected no message for {wait.TotalMilliseconds:0} ms but received {Describe(got.Message)}.");
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
        }
    }

    /// <summary>Skips messages until one of type <typeparamref name="T"/> satisfies <paramref name="isTarget"/>.</summary>
    public async Task<T> FishForMessageAsync<T>(Predicate<T> isTarget, TimeSpan? timeout = null, string? hint = null)
    {
        var deadline = DateTimeOffset.UtcNow + Effective(timeout);
        var skipped = new List<string>();
        while (true)
        {
            var remaining = deadline - DateTimeOffset.UtcNow;
            if (remaining <= TimeSpan.Zero)
                throw new TestKitAssertionException($"FishForMessage: no matching {typeof(T).Name}{Hint(hint)}; skipped [{string.Join(", ", skipped)}].");
            (object Message, IActorRef? Sender) got;
            try
            {
                got = await ReceiveRawAsync(remaining).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TestKitAssertionException($"FishForMessage: no matching {typeof(T).Name}{Hint(hint)} in time; skipped [{string.Join(", ", skipped)}].");
            }
            if (got.Message is T typed && isTarget(typed))
            {
                LastSender = got.Sender;
                return typed;
            }
            skipped.Add(Describe(got.Message));
        }
    }

    /// <summary>Receives exactly <paramref name="count"/> messages of any type, within the timeout for all of them.</summary>
    public async Task<IReadOnlyList<object>> ReceiveNAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + Effective(timeout);
        var received = new List<object>(count);
        while (received.Count < count)
        {
            var remaining = deadline - DateTimeOffset.UtcNow;
            try
            {
                var (message, sender) = await ReceiveRawAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero).ConfigureAwait(false);
                LastSender = sender;
                received.Add(message);
            }
            catch (TimeoutException)
            {
                throw new TestKitAssertionException($"ReceiveN: got {received.Count} of {count} messages in time.");
            }
        }
        return received;
    }

    /// <summary>
    /// Runs <paramref name="block"/> and asserts it completes within <paramref name="max"/>; Expect... calls inside
    /// it wait at most until that deadline.
    /// </summary>
    public async Task<T> WithinAsync<T>(TimeSpan max, Func<Task<T>> block)
    {
        var dilated = TestKitSettings.Dilated(max);
        var started = DateTimeOffset.UtcNow;
        var outer = _withinDeadline;
        _withinDeadline = started + dilated;
        try
        {
            var result = await block().ConfigureAwait(false);
            var took = DateTimeOffset.UtcNow - started;
            if (took > dilated)
                throw new TestKitAssertionException($"Within: the block took {took.TotalMilliseconds:0} ms, more than {dilated.TotalMilliseconds:0} ms.");
            return result;
        }
        finally
        {
            _withinDeadline = outer;
        }
    }

    /// <summary>Runs <paramref name="block"/> under <see cref="WithinAsync{T}"/>.</summary>
    public Task WithinAsync(TimeSpan max, Func<Task> block) =>
        WithinAsync(max, async () => { await block().ConfigureAwait(false); return true; });

    /// <summary>
    /// Re-runs <paramref name="assertion"/> until it stops throwing or <paramref name="duration"/> passes (then
    /// rethrows its last failure). For state that is observable only by polling.
    /// </summary>
    public async Task AwaitAssertAsync(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        var deadline = DateTimeOffset.UtcNow + Effective(duration);
        var pause = interval ?? TimeSpan.FromMilliseconds(10);
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(pause).ConfigureAwait(false); // polling interval, not a synchronization sleep
            }
        }
    }

    /// <summary>Watches <paramref name="actor"/>: the probe receives <see cref="Terminated"/> when it stops.</summary>
    public IActorRef Watch(IActorRef actor)
    {
        _ref.Watch(actor);
        return actor;
    }

    /// <summary>Stops watching <paramref name="actor"/>.</summary>
    public void Unwatch(IActorRef actor) => _ref.Unwatch(actor);

    /// <summary>Expects <see cref="Terminated"/> for <paramref name="actor"/> (which must be watched).</summary>
    public Task<Terminated> ExpectTerminatedAsync(IActorRef actor, TimeSpan? timeout = null) =>
        ExpectMsgAsync<Terminated>(t => ReferenceEquals(t.Actor, actor) || t.Actor.Path.Equals(actor.Path), timeout, $" for {actor.Path}");

    private async Task<(object Message, IActorRef? Sender)> ReceiveOneAsync(TimeSpan? timeout, string expected)
    {
        try
        {
            var got = await ReceiveRawAsync(Effective(timeout)).ConfigureAwait(false);
            LastSender = got.Sender;
            return got;
        }
        catch (TimeoutException)
        {
            throw new TestKitAssertionException($"Timed out after {Effective(timeout).TotalMilliseconds:0} ms waiting for {expected}.");
        }
    }

    private async Task<(object Message, IActorRef? Sender)> ReceiveRawAsync(TimeSpan timeout)
    {
        if (_queue.Reader.TryRead(out var ready))
            return ready;
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _queue.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException();
        }
    }

    private TimeSpan Effective(TimeSpan? timeout)
    {
        var wanted = TestKitSettings.Dilated(timeout ?? _settings.DefaultTimeout);
        if (_withinDeadline is { } deadline)
        {
            var remaining = deadline - DateTimeOffset.UtcNow;
            if (remaining < wanted)
                return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
        }
        return wanted;
    }

    private static string Hint(string? hint) => string.IsNullOrEmpty(hint) ? "" : " " + hint.Trim();

    private static string Describe(object? message) => message switch
    {
        null => "null",
        string s => $"\"{s}\"",
        _ => $"{message.GetType().Name} {message}",
    };
}
