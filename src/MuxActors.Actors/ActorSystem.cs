using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MuxActors.Actors.Internal;

namespace MuxActors.Actors;

/// <summary>Settings of an <see cref="ActorSystem"/>.</summary>
public sealed class ActorSystemOptions
{
    /// <summary>The clock for timers, backoff and ask timeouts. Inject a manual one in tests.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where actors log; Serilog or any other provider plugs in here.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Messages an actor processes before yielding its thread to other actors.</summary>
    public int Throughput { get; init; } = 64;

    /// <summary>Dead letters logged before further ones are only counted (they are always published on the event stream).</summary>
    public int DeadLetterLogLimit { get; init; } = 100;
}

/// <summary>
/// A hierarchy of actors: <c>/user</c> holds application actors created with <see cref="ActorOf"/>,
/// <c>/system</c> the kernel's own. Dispose or <see cref="Terminate"/> stops everything, children first.
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly ActorCell _root;
    private readonly ActorCell _userGuardian;
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _deadLetterLog;
    private readonly ActorPath _tempPath;
    private long _tempCounter;
    private long _deadLetterCount;

    private ActorSystem(string name, ActorSystemOptions options)
    {
        Name = name;
        TimeProvider = options.TimeProvider;
        LoggerFactory = options.LoggerFactory;
        Throughput = Math.Max(1, options.Throughput);
        DeadLetterLogLimit = options.DeadLetterLogLimit;
        _deadLetterLog = LoggerFactory.CreateLogger("MuxActors.Actors.DeadLetters");
        _tempPath = ActorPath.Root.Child("temp");
        _root = new ActorCell(this, Props.Create(static () => new Guardian()), ActorPath.Root, parent: null);
        _root.Start();
        _userGuardian = (((LocalActorRef)_root.ActorOf(Props.Create(static () => new Guardian()), "user")).Cell);
        SystemGuardian = _root.ActorOf(Props.Create(static () => new Guardian()), "system");
    }

    /// <summary>The system's name (for logs).</summary>
    public string Name { get; }

    /// <summary>The clock used for timers, backoff and ask timeouts.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The logger factory actors log through.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Publish/subscribe for system-wide events.</summary>
    public EventStream EventStream { get; } = new();

    /// <summary>Completes when every actor has stopped.</summary>
    public Task WhenTerminated => _terminated.Task;

    /// <summary>The guardian of kernel-internal actors (<c>/system</c>).</summary>
    public IActorRef SystemGuardian { get; }

    /// <summary>How many dead letters were published so far.</summary>
    public long DeadLetterCount => Interlocked.Read(ref _deadLetterCount);

    internal int Throughput { get; }

    private int DeadLetterLogLimit { get; }

    /// <summary>Creates and starts an actor system.</summary>
    public static ActorSystem Create(string name, ActorSystemOptions? options = null) => new(name, options ?? new());

    /// <summary>Creates a top-level actor under <c>/user</c>.</summary>
    public IActorRef ActorOf(Props props, string? name = null) => _userGuardian.ActorOf(props, name);

    /// <summary>Stops an actor asynchronously, its children first. Watch it to learn when it is gone.</summary>
    public void Stop(IActorRef actor)
    {
        var target = InternalActorRef.From(actor);
        if (!ReferenceEquals(target.System, this))
            throw new ArgumentException($"'{actor.Path}' belongs to another actor system.", nameof(actor));
        target.SendSystem(Internal.Terminate.Instance);
    }

    /// <summary>Creates a callback-backed reference under <c>/temp</c> (see <see cref="FunctionRef"/>).</summary>
    public FunctionRef CreateFunctionRef(Action<object, IActorRef?> onMessage, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(onMessage);
        var id = Interlocked.Increment(ref _tempCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new FunctionRef(this, _tempPath.ChildUnchecked(name is null ? "$" + id : $"{name}-{id}"), onMessage);
    }

    /// <summary>Stops every actor, children first, and completes when all have stopped.</summary>
    public Task Terminate()
    {
        _root.Self.SendSystem(Internal.Terminate.Instance);
        return WhenTerminated;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Terminate().ConfigureAwait(false);

    internal void PublishDeadLetter(object message, IActorRef? sender, IActorRef recipient)
    {
        var count = Interlocked.Increment(ref _deadLetterCount);
        if (message is not IDeadLetterSuppression && count <= DeadLetterLogLimit && _deadLetterLog.IsEnabled(LogLevel.Information))
        {
            _deadLetterLog.LogInformation("Dead letter: {MessageType} from {Sender} to {Recipient} was not delivered{Suffix}",
                message.GetType().Name, sender?.Path.ToString() ?? "no sender", recipient.Path,
                count == DeadLetterLogLimit ? " (further dead letters are not logged)" : "");
        }
        EventStream.Publish(new DeadLetter(message, sender, recipient));
    }

    internal void OnCellTerminated(ActorCell cell)
    {
        if (ReferenceEquals(cell, _root))
            _terminated.TrySetResult();
    }

    /// <summary>The guardians only supervise; they handle no messages of their own.</summary>
    private sealed class Guardian : ActorBase
    {
        protected internal override void OnReceive(object message) => Unhandled(message);
    }
}
