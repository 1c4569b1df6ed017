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
