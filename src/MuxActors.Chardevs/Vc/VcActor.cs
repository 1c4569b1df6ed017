using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using MuxActors.Chardevs.Common;
using MuxActors.Chardevs.Sockets;
using MuxActors.Chardevs.Web;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;
using MuxActors.Vnc.Fonts;
using MuxActors.Vnc.Rfb;

namespace MuxActors.Chardevs.Vc;

/// <summary>
/// The actor of a <c>vc</c> chardev: one port of its mux (the screen everyone sees) and the listeners whose viewers
/// share it: an RFB listener over TCP, and a noVNC page with RFB over a WebSocket on the service's HTTP listener.
/// Viewers are plain code (<see cref="RfbServer"/>), not actors: they only read the console's picture and queue keys,
/// and a slow or hostile one touches nobody else. A listener that cannot start fails the actor (the mux retries).
/// </summary>
internal sealed class VcActor : PortActor
{
    private readonly VcOptions _options;
    private RfbServer? _server;
    private VncConsole? _console;
    private Task<(Uri Url, IAsyncDisposable Registration)>? _web;
    private VcTransport? _transport;
    private string? _tcpPeer; // "vnc:ADDRESS" of the TCP listener, when there is one

    public VcActor(ChardevSpec spec, PortContext context, VcOptions options)
        : base(spec, context)
    {
        _options = options;
    }

    /// <summary>Who answers terminal queries, the noVNC page being served, or failing to be.</summary>
    protected override bool OnKindMessage(object message)
    {
        switch (message)
        {
            case AnswerQueries answer: // the mux picks one screen model per console to answer the guest's queries (DSR, DA)
                if (_console is not null)
                    _console.Answering = answer.Answer;
                return true;
            case WebListening listening:
                Log.Info("vc {Chardev}: noVNC at {Url}", Spec.Id, listening.Url);
                // Attached once the page is served, as a web backend is, so muxctl show has its real URL (port 0 included).
                if (_transport is { } transport && _options.Web is { } web)
                    Attach(transport, string.Join(' ', _tcpPeer is null ? [web.UrlFor(listening.Url.Port)] : [_tcpPeer, web.UrlFor(listening.Url.Port)]));
                return true;
            case Status.Failure failure:
                throw new IOException($"vc '{Spec.Id}': can't serve its page on {_options.Web?.Address}: {failure.Cause.Message}", failure.Cause);
            default:
                return false;
        }
    }

    /// <inheritdoc />
    protected override PortInfo DescribePort(string peer) =>
        base.DescribePort(peer) with { AnswersQueries = true, Lossless = true };

    /// <inheritdoc />
    protected override void PreStart()
    {
        PsfFont font = FontLocator.Load(_options.FontPath);
        var transport = new VcTransport(Spec.Id);
        var console = new VncConsole(_options.Cols, _options.Rows, font, transport.Type);
        transport.Console = console;
        _console = console;
        var log = Log;
        string id = Spec.Id;
        var server = new RfbServer(console, new RfbOptions
        {
            Auth = _options.Auth,
            ReadOnly = _options.ReadOnly,
            MaxClients = _options.MaxClients,
            DesktopName = $"{id} (MuxActors)",
            Log = line => log.Info("vc {Chardev}: {Event}", id, line),
        });
        _server = server;
        _transport = transport;
        if (_options.Listen is { } address)
        {
            Socket listener = Bind(address);
            server.Listen(listener);
            Log.Info("vc {Chardev}: VNC on {Address}, {Cols}x{Rows}, font {Font}{Password}", id, listener.LocalEndPoint,
                _options.Cols, _options.Rows, _options.FontPath, _options.Auth is null ? "" : ", password required");
            // Published like a socket server's, so tools and tests find a port chosen by the system.
            Context.System.EventStream.Publish(new SocketServerListening(id, "tcp:" + listener.LocalEndPoint, Self));
            _tcpPeer = "vnc:" + listener.LocalEndPoint;
        }
        if (_options.Web is { } web)
        {
            var listeners = WebServing.For(Context.System).Listeners
                ?? throw new InvalidOperationException($"vc '{id}': this host serves no web pages (run it in the muxactors service, or leave 'web' out)");
            // Kept as a task, so a registration that completes after this actor stopped is still given back.
            _web = listeners.AddAsync(web.Address, new VcWebConsole(server, web), CancellationToken.None);
            _web.PipeTo(Self, success: added => new WebListening(added.Url));
            return; // attached when the page is served
        }
        Attach(transport, _tcpPeer!);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        base.PostStop();
        if (_web is { } web)
            PortSessions.Track(UnregisterAsync(web));
        _web = null;
        if (_server is { } server)
            PortSessions.Track(server.DisposeAsync().AsTask());
        _server = null;
    }

    private static async Task UnregisterAsync(Task<(Uri Url, IAsyncDisposable Registration)> web)
    {
        await ((Task)web).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (web.IsCompletedSuccessfully)
            await web.Result.Registration.DisposeAsync().ConfigureAwait(false);
    }

    private static Socket Bind(IPEndPoint address)
    {
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // A restart must be able to bind again while old connections linger in TIME_WAIT.
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (address.Address.Equals(IPAddress.IPv6Any))
                listener.DualMode = true;
            listener.Bind(address);
            listener.Listen(16);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    private sealed record WebListening(Uri Url);
}
