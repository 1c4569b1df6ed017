using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace MuxActors.Actors.Internal;

/// <summary>
/// The runtime side of one actor: its mailbox (a channel for user messages, a queue for system messages), its
/// current instance and behaviour, children, watchers and timers. The cell runs on the thread pool as a work item,
/// processing a batch of messages at a time; it is never scheduled twice at once, so the actor sees one message at a time.
/// </summary>
internal sealed partial class ActorCell : IActorContext, IThreadPoolWorkItem
{
    [ThreadStatic] private static ActorCell? t_creating;
    [ThreadStatic] private static ActorCell? t_running;

    private const int Idle = 0, Scheduled = 1;

    private readonly Channel<Envelope> _mailbox = Channel.CreateUnbounded<Envelope>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private readonly ConcurrentQueue<SystemMessage> _systemQueue = new();
    private readonly LinkedList<Envelope> _unstashed = new();
    private readonly Lock _deathLock = new();
    private readonly Props _props;
    private int _status;

    private ActorBase? _actor;
    private List<Action<object>> _behaviours = [];
    private Envelope _current;
    private bool _suspended;          // after a failure, until the parent resumes, restarts or stops it
    private bool _awaitingTask;       // an async handler is running: process nothing until it completes
    private Task? _pendingTask;       // set by RunTask during a handler
    private bool _terminating;
    private Exception? _pendingRecreate; // restart waiting for children to stop
    private bool _dead;
    private TimerScheduler? _timers;
    private StashImpl? _stash;

    public ActorCell(ActorSystem system, Props props, ActorPath path, ActorCell? parent)
    {
        System = system;
        _props = props;
        Path = path;
        ParentCell = parent;
        Self = new LocalActorRef(this);
        Log = system.LoggerFactory.CreateLogger(props.ActorType.FullName ?? props.ActorType.Name);
        _systemQueue.Enqueue(Create.Instance);
    }

    /// <summary>The cell whose actor constructor is running on this thread (read by <see cref="ActorBase"/>).</summary>
    internal static ActorCell? Creating => t_creating;

    public ActorSystem System { get; }
    public ActorPath Path { get; }
    public ActorCell? ParentCell { get; }
    public LocalActorRef Self { get; }
    public ILogger Log { get; }
    public bool IsTerminated => Volatile.Read(ref _dead);

    IActorRef IActorContext.Self => Self;
    public IActorRef? Sender => _current.Sender;
    public IActorRef? Parent => ParentCell?.Self;
    public ITimerScheduler Timers => _timers ??= new TimerScheduler(this);
    public IStash Stash => _stash ??= new StashImpl(this);

    /// <summary>Starts processing; called once the cell is registered with its parent.</summary>
    public void Start() => Schedule();

    public void Post(in Envelope envelope)
    {
        if (Enqueue(envelope))
            Schedule();
    }

    public void PostSystem(SystemMessage message)
    {
        lock (_deathLock)
        {
            if (!_dead)
            {
                _systemQueue.Enqueue(message);
                goto schedule;
            }
        }
        HandleSystemMessageAfterDeath(message);
        return;
    schedule:
        Schedule();
    }

    /// <summary>
    /// Posts, and when the actor was idle and this thread is not running an actor, processes the mailbox right here
    /// (up to the throughput budget, as a pool thread would) instead of waking a pool thread.
    /// </summary>
    public void PostAndRun(in Envelope envelope)
    {
        if (!Enqueue(envelope))
            return;
        if (t_running is not null)
            Schedule(); // never nest one actor's run inside another's
        else if (Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle)
            Run(); // else running or scheduled elsewhere: it will see the message
    }

    /// <summary>Puts the message in the mailbox; a closed mailbox (a stopped actor) makes it a dead letter.</summary>
    private bool Enqueue(in Envelope envelope)
    {
        if (_mailbox.Writer.TryWrite(envelope))
            return true;
        System.PublishDeadLetter(envelope.Message, envelope.Sender, Self);
        return false;
    }

    private void Schedule()
    {
        if (Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle)
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute() => Run();

    private void Run()
    {
        var outer = t_running;
        t_running = this;
        try
        {
            RunBatch();
        }
        finally
        {
            t_running = outer;
        }
    }

    private void RunBatch()
    {
        var budget = System.Throughput;
        while (true)
        {
            ProcessSystemMessages();
            if (_dead)
                return; // stays Scheduled forever: a dead cell is never run again
            if (_awaitingTask)
                return; // the task's continuation resumes the loop; status stays Scheduled meanwhile
            if (_suspended || _terminating || !TryDequeue(out var envelope))
                break;
            Invoke(envelope);
            if (_pendingTask is { } task)
            {
                // Suspend the mailbox until the handler's task completes. Attaching the continuation is the last
                // thing this thread does, so the continuation can never run alongside it.
                _pendingTask = null;
                _awaitingTask = true;
                task.ContinueWith(static (t, state) => ((ActorCell)state!).OnTaskCompleted(t), this,
                    CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                return;
            }
            if (--budget == 0)
            {
                // Fairness: give other actors a turn but keep ownership of the mailbox.
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                return;
            }
        }
        // A full fence, not a release store: a sender queues its message and then tries to claim the idle mailbox;
        // this thread frees the mailbox and then looks for messages. With a plain store the look may complete before
        // the store is visible (x86 lets a load pass an earlier store), so each side could miss the other and the
        // message would sit unhandled until the next one arrives (MailboxHandOffTests).
        Interlocked.Exchange(ref _status, Idle);
        if (HasWork())
            Schedule();
    }

    private bool HasWork() =>
        !_systemQueue.IsEmpty || (!_suspended && !_terminating && (_unstashed.Count > 0 || _mailbox.Reader.TryPeek(out _)));

    private bool TryDequeue(out Envelope envelope)
    {
        if (_unstashed.First is { } first)
        {
            envelope = first.Value;
            _unstashed.RemoveFirst();
            return true;
        }
        return _mailbox.Reader.TryRead(out envelope);
    }

    private void Invoke(Envelope envelope)
    {
        _current = envelope;
        try
        {
            switch (envelope.Message)
            {
                case TimerTick tick:
                    if (_timers?.Accept(tick) is { } timed)
                    {
                        _current = new Envelope(timed, null);
                        _behaviours[^1](timed);
                    }
                    break;
                case Terminated terminated when !AcceptTerminated(terminated):
                    break;
                case PoisonPill:
                    Stop(Self);
                    break;
                case Kill:
                    throw new ActorKilledException($"Actor '{Path}' was killed.");
                default:
                    _behaviours[^1](envelope.Message);
                    break;
            }
        }
        catch (Exception ex)
        {
            HandleInvokeFailure(ex);
        }
    }

    public void RunTask(Func<Task> action)
    {
        Task task;
        try { task = action(); }
        catch (Exception ex) { task = Task.FromException(ex); }
        if (task.IsCompletedSuccessfully)
            return;
        if (task.IsFaulted)
        {
            // Let the failure surface from the handler itself so it is handled like a synchronous throw.
            task.GetAwaiter().GetResult();
        }
        _pendingTask = _pendingTask is null ? task : Task.WhenAll(_pendingTask, task);
    }

    private void OnTaskCompleted(Task task)
    {
        _awaitingTask = false;
        if (!task.IsCompletedSuccessfully)
            HandleInvokeFailure(task.Exception?.InnerException ?? new TaskCanceledException(task));
        Run();
    }

    public void Become(Action<object> behaviour, bool discardOld = true)
    {
        if (discardOld && _behaviours.Count > 0)
            _behaviours[^1] = behaviour;
        else
            _behaviours.Add(behaviour);
    }

    public void Unbecome()
    {
        // As in Akka: popping the last behaviour reverts to the actor's own OnReceive.
        if (_behaviours.Count > 1)
            _behaviours.RemoveAt(_behaviours.Count - 1);
        else if (_actor is { } actor)
            _behaviours = [actor.OnReceive];
    }

    private void CreateInstance()
    {
        var previous = t_creating;
        t_creating = this;
        try
        {
            var actor = _props.Factory();
            _actor = actor;
            _behaviours = [actor.OnReceive];
        }
        finally
        {
            t_creating = previous;
        }
    }

    /// <summary>Moves stashed and unprocessed user messages to dead letters once the actor is gone.</summary>
    private void DrainToDeadLetters()
    {
        _mailbox.Writer.TryComplete();
        foreach (var envelope in _stash?.DrainAll() ?? [])
            System.PublishDeadLetter(envelope.Message, envelope.Sender, Self);
        foreach (var envelope in _unstashed)
            System.PublishDeadLetter(envelope.Message, envelope.Sender, Self);
        _unstashed.Clear();
        while (_mailbox.Reader.TryRead(out var envelope))
        {
            if (envelope.Message is not (TimerTick or Terminated))
                System.PublishDeadLetter(envelope.Message, envelope.Sender, Self);
        }
    }

    public override string ToString() => Path.ToString();
}
