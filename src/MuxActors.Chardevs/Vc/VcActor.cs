using System.Net;
using System.Net.Sockets;
using Akka.Event;
using MuxActors.Chardevs.Common;
using MuxActors.Chardevs.Sockets;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;
using MuxActors.Vnc.Fonts;
using MuxActors.Vnc.Rfb;

namespace MuxActors.Chardevs.Vc;

/// <summary>
/// The actor of a <c>vc</c> chardev: one port of its mux (the screen everyone sees) and an RFB listener whose
/// viewers share it. Viewers are plain code (<see cref="RfbServer"/>), not actors: they only read the console's
/// picture and queue keys, and a slow or hostile one touches nobody else.
/// </summary>
internal sealed class VcActor : PortActor
{
    private readonly VcOptions _options;
    private RfbServer? _server;
    private VncConsole? _console;

    public VcActor(ChardevSpec spec, PortContext context, VcOptions options)
        : base(spec, context)
    {
        _options = options;
        // The mux picks one screen model per console to answer the guest's terminal queries (DSR, DA).
        Receive<AnswerQueries>(answer =>
        {
            if (_console is not null)
                _console.Answering = answer.Answer;
        });
    }

    /// <inheritdoc />
    protected override PortInfo DescribePort(string peer) =>
        base.DescribePort(peer) with { AnswersQueries = true, Lossless = true };

    /// <inheritdoc />
    protected override void PreStart()
    {
        PsfFont font = FontLocator.Load(_options.FontPath);
        var transport = new VcTransport();
        var console = new VncConsole(_options.Cols, _options.Rows, font, transport.Type);
        transport.Console = console;
        _console = console;
        Socket listener = Bind();
        var log = Log;
        string id = Spec.Id;
        _server = new RfbServer(listener, console, new RfbOptions
        {
            Auth = _options.Auth,
            ReadOnly = _options.ReadOnly,
            MaxClients = _options.MaxClients,
            DesktopName = $"{id} (MuxActors)",
            Log = line => log.Info("vc {Chardev}: {Event}", id, line),
        });
        _server.Start();
        Log.Info("vc {Chardev}: VNC on {Address}, {Cols}x{Rows}, font {Font}{Password}", id, listener.LocalEndPoint,
            _options.Cols, _options.Rows, _options.FontPath, _options.Auth is null ? "" : ", password required");
        // Published like a socket server's, so tools and tests find a port chosen by the system.
        Context.System.EventStream.Publish(new SocketServerListening(id, "tcp:" + listener.LocalEndPoint, Self));
        Attach(transport, "vnc:" + listener.LocalEndPoint);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        base.PostStop();
        if (_server is { } server)
            PortSessions.Track(server.DisposeAsync().AsTask());
        _server = null;
    }

    private Socket Bind()
    {
        var listener = new Socket(_options.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // A restart must be able to bind again while old connections linger in TIME_WAIT.
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (_options.Address.Equals(IPAddress.IPv6Any))
                listener.DualMode = true;
            listener.Bind(new IPEndPoint(_options.Address, _options.Port));
            listener.Listen(16);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }
}
