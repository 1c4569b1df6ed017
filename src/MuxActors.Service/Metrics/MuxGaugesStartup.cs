using Microsoft.Extensions.Hosting;

namespace MuxActors.Service.Metrics;

/// <summary>Creates the gauges with the host, so listeners see them whether or not the management API is on.</summary>
internal sealed class MuxGaugesStartup(MuxGauges gauges) : IHostedService
{
    /// <summary>The gauges, created by the time the host starts.</summary>
    public MuxGauges Gauges { get; } = gauges;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
