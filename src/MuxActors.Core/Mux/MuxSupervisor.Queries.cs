using Akka.Actor;
using MuxActors.Core.Protocol;

namespace MuxActors.Core.Mux;

// Terminal queries are answered once per mux: of the ports that can answer (screen models of web and vc backends),
// the first to open answers; when it closes the role passes to the next open one. See docs/architecture.md.
public sealed partial class MuxSupervisor
{
    private IActorRef? _queryAnswerer;

    private void ElectQueryAnswerer(IActorRef port, PortInfo info)
    {
        if (!info.AnswersQueries || _queryAnswerer is not null)
            return;
        _queryAnswerer = port;
        port.Tell(new AnswerQueries(true), Self);
    }

    // A read-only port's input is discarded, except the answerer's: the kinds that answer (web, vc) drop their
    // read-only viewers' keys themselves, so what such a port sends is its screen's answers. Without this the guest of
    // a console whose answerer is a read-only viewer never got an answer.
    private bool IsReadOnlyInput(IActorRef port, MuxPort entry) =>
        (entry.Spec?.ReadOnly ?? entry.Info.ReadOnly) && !ReferenceEquals(port, _queryAnswerer);

    private void QueryAnswererGone(IActorRef port)
    {
        if (!ReferenceEquals(port, _queryAnswerer))
            return;
        _queryAnswerer = null;
        foreach (var (other, entry) in _ports)
        {
            if (entry.Info.AnswersQueries && !ReferenceEquals(other, port))
            {
                ElectQueryAnswerer(other, entry.Info);
                return;
            }
        }
    }
}
