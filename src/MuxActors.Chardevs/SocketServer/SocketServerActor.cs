using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using Akka.Event;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Metrics;
using MuxActors.Core.Protocol;
using MuxActors.Core.Time;

namespace MuxActors.Chardevs.Sockets;

/// <summary>
/// A listening chardev: binds a socket, runs an accept loop as a task that reports each client back as a message,
/// and serves every client through a child <see cref="AcceptedClientPort"/>. A client that fails is stopped and
/// forgotten; a listener that fails throws, so the mux restarts it with backoff (its clients go with it).
/// </summary>
internal abstract class SocketServerActor : UntypedActor
{
    private readonly SocketServerOptions _options;
    private Socket? _listener;
    private CancellationTokenSource? _acceptLoop;
    private readonly HashSet<IActorRef> _connected = [];
    private long _clientsAccepted;

    protected SocketServerActor(ChardevSpec spec, PortContext context, SocketServerOptions options)
    {
        Spec = spec;
        PortContext = context;
        _options = options;
    }

    // One switch, not ReceiveActor's per-instance handlers: every server chardev of every mux has a listener.
    /// <inheritdoc />
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case StartListening: Listen(); break;
            case ClientAccepted accepted: OnClientAccepted(accepted); break;
            case ClientLeft: _connected.Remove(Sender); break;
            case Terminated terminated: _connected.Remove(terminated.ActorRef); break; // a client port that stopped without saying so
            case AcceptFailed failed:
                if (ReferenceEquals(failed.Listener, _listener))
                    throw new IOException($"chardev '{Spec.Id}': accepting clients failed: {failed.Error.Message}", failed.Error);
                break;
            default: Unhandled(message); break;
        }
    }

    /// <summary>The chardev's configuration.</summary>
    protected ChardevSpec Spec { get; }

    /// <summary>This actor's log.</summary>
    protected ILoggingAdapter Log { get; } = Context.GetLogger();

    /// <summary>The mux the clients report to.</summary>
    protected PortContext PortContext { get; }

    /// <summary>Creates, binds and starts listening on the socket; throws when that is impossible.</summary>
    protected abstract Socket Bind(int backlog);

    /// <summary>The bound address for logs and <see cref="SocketServerListening"/>.</summary>
    protected abstract string DescribeBound(Socket listener);

    /// <summary>Who is on the other end of an accepted client, for <see cref="PortInfo.Peer"/>.</summary>
    protected abstract string DescribePeer(Socket client);

    /// <summary>Sets per-client socket options (the shared ones are set already).</summary>
    protected virtual void Prepare(Socket client) { }

    /// <summary>The listening socket was closed (a unix server removes its socket file here).</summary>
    protected virtual void OnListenerClosed() { }

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;

    // Binding happens in a message, not in PreStart: a failure there would stop the actor for good, while a
    // failure in a message handler makes the mux restart it with backoff.
    /// <inheritdoc />
    protected override void PreStart() => Self.Tell(StartListening.Instance);

    /// <inheritdoc />
    protected override void PostStop() => StopListening();

    private void Listen()
    {
        if (_listener is not null)
            return;
        var listener = Bind(_options.Backlog);
        _listener = listener;
        _acceptLoop = new CancellationTokenSource();
        var address = DescribeBound(listener);
        Log.Info("Chardev {Chardev}: listening on {Address} (max-clients {MaxClients})", Spec.Id, address, _options.MaxClients);
        Context.System.EventStream.Publish(new SocketServerListening(Spec.Id, address, Self));
        PortContext.Mux.Tell(new ChardevListening(Spec.Id), Self); // the service says it is ready after this
        var self = Self;
        var token = _acceptLoop.Token;
        _ = Task.Run(() => AcceptLoopAsync(listener, self, token));
    }

    private static async Task AcceptLoopAsync(Socket listener, IActorRef self, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var client = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
                self.Tell(new ClientAccepted(listener, client));
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset)
            {
                // The client gave up while queued; the listener is fine.
            }
            catch (Exception ex)
            {
                self.Tell(new AcceptFailed(listener, ex));
                return;
            }
        }
    }

    private void OnClientAccepted(ClientAccepted accepted)
    {
        var client = accepted.Client;
        if (!ReferenceEquals(accepted.Listener, _listener))
        {
            client.Dispose(); // accepted by a listener that is gone (the actor restarted meanwhile)
            return;
        }
        string peer;
        try
        {
            peer = DescribePeer(client);
            if (_options.SendBufferSize is { } size)
                client.SendBufferSize = size;
            Prepare(client);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Log.Info("Chardev {Chardev}: a client left while being accepted: {Reason}", Spec.Id, ex.Message);
            client.Dispose();
            return;
        }
        if (_connected.Count >= _options.MaxClients)
        {
            MuxMetrics.ClientsRefused.Add(1, MuxMetrics.BackendTags(PortContext.Mux.Path.Name, Spec.Id, Spec.Type));
            Refuse(client, peer);
            return;
        }
        MuxMetrics.ClientsAccepted.Add(1, MuxMetrics.BackendTags(PortContext.Mux.Path.Name, Spec.Id, Spec.Type));
        var name = "client-" + (++_clientsAccepted).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (spec, context) = (Spec, PortContext);
        var port = Context.ActorOf(Props.Create(() => new AcceptedClientPort(spec, context, client, peer)), name);
        _connected.Add(port);
        Context.Watch(port);
    }

    private void Refuse(Socket client, string peer)
    {
        Log.Warning("Chardev {Chardev}: refusing {Peer}: {Max} clients are connected (max-clients)", Spec.Id, peer, _options.MaxClients);
        var line = Encoding.UTF8.GetBytes($"muxactors: too many clients on '{Spec.Id}' (max-clients is {_options.MaxClients})\r\n");
        var time = Context.System.Clock();
        _ = Task.Run(async () =>
        {
            try
            {
                // A fresh socket always has room for one line; the timeout only guards against a wedged kernel.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
                await client.SendAsync(line, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                client.Shutdown(SocketShutdown.Both);
            }
            catch (Exception)
            {
                // The refused client left first: nothing to tell it.
            }
            finally
            {
                client.Dispose();
            }
        });
    }

    private void StopListening()
    {
        if (_listener is not { } listener)
            return;
        _listener = null;
        _acceptLoop?.Cancel();
        _acceptLoop?.Dispose();
        _acceptLoop = null;
        listener.Dispose();
        OnListenerClosed();
    }
}
