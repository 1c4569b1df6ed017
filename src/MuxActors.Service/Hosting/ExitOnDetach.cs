using Akka.Actor;
using Microsoft.Extensions.Hosting;
using MuxActors.Core.MuxFe;

namespace MuxActors.Service.Hosting;

/// <summary>
/// Stops the host when a frontend mux asks for it (escape-x on a stdio backend of a service started for that), as QEMU
/// exits on Ctrl-A x. The mux core knows no host: it publishes <see cref="ServiceExitRequested"/>, this actor acts.
/// </summary>
internal sealed class ExitOnDetach : ReceiveActor
{
    public ExitOnDetach(IHostApplicationLifetime lifetime)
    {
        Receive<ServiceExitRequested>(_ => lifetime.StopApplication());
    }

    public static Props Props(IHostApplicationLifetime lifetime) => Akka.Actor.Props.Create(() => new ExitOnDetach(lifetime));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(ServiceExitRequested));
}
