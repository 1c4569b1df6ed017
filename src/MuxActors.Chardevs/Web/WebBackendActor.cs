using Akka.Actor;
using Akka.Event;
using MuxActors.Chardevs.Common;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;
using MuxActors.Core.Time;

namespace MuxActors.Chardevs.Web;

/// <summary>
/// The actor of a <c>web</c> backend: one port of its mux (lossless, since its screen model must see every byte) whose
/// transport is the <see cref="ViewerHub"/> of its pages, served by the service's HTTP listener at the backend's path.
/// A listener that cannot start (the address in use) fails the actor, so the mux retries with backoff.
/// </summary>
internal sealed class WebBackendActor : PortActor
{
    private readonly WebOptions _options;
    private ViewerHub? _hub;
    private IAsyncDisposable? _registration;

    public WebBackendActor(ChardevSpec spec, PortContext context, WebOptions options)
        : base(spec, context)
    {
        _options = options;
    }

    /// <summary>Who answers terminal queries, the page being served, or failing to be.</summary>
    protected override bool OnKindMessage(object message)
    {
        switch (message)
        {
            case AnswerQueries answer:
                if (_hub is not null)
                    _hub.Answering = answer.Answer;
                return true;
            case Listening listening:
                _registration = listening.Registration;
                Log.Info("{Web}: serving the console at {Url}", Self.Path, listening.Url);
                // Attached once listening, so muxctl show has the real URL (with the port the system chose for port 0).
                Attach(_hub!, _options.Place.UrlFor(listening.Url.Port));
                return true;
            case Status.Failure failure:
                throw new IOException($"web backend '{Spec.Id}': can't listen on {_options.Place.Address}: {failure.Cause.Message}", failure.Cause);
            default:
                return false;
        }
    }

    protected override void PreStart()
    {
        var listeners = WebServing.For(Context.System).Listeners
            ?? throw new InvalidOperationException($"web backend '{Spec.Id}': this host serves no web pages (run it in the muxactors service)");
        _hub = new ViewerHub(_options, Context.System.Clock(), Log, $"web backend '{Spec.Id}'");
        listeners.AddAsync(_options.Place.Address, _hub, CancellationToken.None)
            .PipeTo(Self, success: added => new Listening(added.Url, added.Registration));
    }

    protected override PortInfo DescribePort(string peer) =>
        base.DescribePort(peer) with { AnswersQueries = true, Lossless = true };

    protected override void PostStop()
    {
        if (_registration is { } registration)
            PortSessions.Track(registration.DisposeAsync().AsTask());
        base.PostStop();
    }

    private sealed record Listening(Uri Url, IAsyncDisposable Registration);
}
