using Akka.Actor;
using System.Net;
using System.Net.Sockets;
using Akka.Event;
using MuxActors.Chardevs.Common;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;
using MuxActors.Core.Time;

namespace MuxActors.Chardevs.Sockets;

/// <summary>
/// A chardev that connects out (to a VM's console socket, usually): connection attempts run as tasks that report
/// back; when the peer goes away (a VM restart) the port detaches, and the actor reconnects with backoff on the
/// actor's timers and attaches again, so the mux sees PortClosed then PortOpened from the same actor.
/// </summary>
internal abstract class SocketClientActor : PortActor
{
    private readonly SocketClientOptions _options;
    private readonly CancellationTokenSource _lifetime = new();
    private int _attempt;
    private int _backoffStep;
    private int _failedAttempts;
    private bool _connecting;

    protected SocketClientActor(ChardevSpec spec, PortContext context, SocketClientOptions options)
        : base(spec, context)
    {
        _options = options;
    }

    /// <summary>Connecting: the (re)connect timer and how the attempt ended.</summary>
    protected override bool OnKindMessage(object message)
    {
        switch (message)
        {
            case ConnectNow: StartConnecting(); return true;
            case ConnectSucceeded succeeded: OnConnected(succeeded); return true;
            case ConnectFailed failed: OnConnectFailed(failed); return true;
            default: return false;
        }
    }

    /// <summary>Where the actor connects, for logs: <c>unix:/run/vm1.sock</c>, <c>tcp:host:port</c>.</summary>
    protected abstract string Target { get; }

    /// <summary>The address to connect to.</summary>
    protected abstract EndPoint RemoteEndPoint { get; }

    /// <summary>A new, unconnected socket for one attempt.</summary>
    protected abstract Socket CreateSocket();

    /// <summary>Describes a connected socket's peer for <see cref="PortInfo.Peer"/>.</summary>
    protected virtual string DescribePeer(Socket socket) => Target;

    /// <inheritdoc />
    protected override void PreStart() => StartConnecting();

    /// <inheritdoc />
    protected override void PostStop()
    {
        _lifetime.Cancel(); // not disposed: a connection attempt still running may look at its token
        base.PostStop();
    }

    /// <inheritdoc />
    protected override void OnTransportEnded(string reason, Exception? error)
    {
        Detach(reason);
        ScheduleReconnect($"connection to {Target} ended ({reason})", LogLevel.WarningLevel);
    }

    /// <inheritdoc />
    protected override void OnCloseRequested(string reason)
    {
        Detach(reason);
        ScheduleReconnect($"closed the connection to {Target} on the mux's request ({reason})", LogLevel.InfoLevel);
    }

    private void StartConnecting()
    {
        if (IsAttached || _connecting)
            return;
        _connecting = true;
        var attempt = ++_attempt;
        var (self, time, timeout, lifetime, endPoint) = (Self, Context.System.Clock(), _options.ConnectTimeout, _lifetime.Token, RemoteEndPoint);
        var socket = CreateSocket();
        _ = Task.Run(async () =>
        {
            using var deadline = new CancellationTokenSource(timeout, time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, lifetime);
            try
            {
                await SocketConnect.ConnectAsync(socket, endPoint, either.Token).ConfigureAwait(false);
                if (lifetime.IsCancellationRequested)
                    socket.Dispose(); // the actor stopped meanwhile: nobody would own the socket
                else
                    self.Tell(new ConnectSucceeded(attempt, socket));
            }
            catch (Exception ex)
            {
                socket.Dispose();
                var error = deadline.IsCancellationRequested && !lifetime.IsCancellationRequested
                    ? new TimeoutException($"no answer within {timeout.TotalSeconds:0.###} s", ex)
                    : ex;
                self.Tell(new ConnectFailed(attempt, error));
            }
        });
    }

    private void OnConnected(ConnectSucceeded connected)
    {
        if (connected.Attempt != _attempt || IsAttached)
        {
            connected.Socket.Dispose();
            return;
        }
        _connecting = false;
        Log.Info("Chardev {Chardev}: connected to {Target}{Retries}", Spec.Id, Target,
            _failedAttempts > 0 ? $" after {_failedAttempts} failed attempts" : "");
        (_backoffStep, _failedAttempts) = (0, 0);
        Attach(new SocketTransport(connected.Socket), DescribePeer(connected.Socket));
    }

    private void OnConnectFailed(ConnectFailed failed)
    {
        if (failed.Attempt != _attempt)
            return;
        _connecting = false;
        // The first failure in a row is worth a warning; the retries that follow would only flood the log.
        var level = _failedAttempts++ == 0 ? LogLevel.WarningLevel : LogLevel.DebugLevel;
        ScheduleReconnect($"can't connect to {Target}: {failed.Error.Message}", level);
    }

    private void ScheduleReconnect(string why, LogLevel level)
    {
        var delay = _options.Reconnect.DelayFor(_backoffStep++, Random.Shared.NextDouble());
        Timers.StartSingleTimer(ConnectNow.Instance, ConnectNow.Instance, delay); // set before it is told: a test may advance time on the line
        Log.Log(level, null, "Chardev {Chardev}: {Why}; retrying in {Delay} ms", Spec.Id, why, (long)delay.TotalMilliseconds);
    }
}
