using Akka.Actor;
using Microsoft.Extensions.Hosting;
using MuxActors.Service.Hosting;

namespace MuxActors.Service.Metrics;

/// <summary>Refreshes the gauges' snapshot every second, for listeners that do not scrape <c>/metrics</c> (dotnet-counters, OTLP).</summary>
internal sealed class MuxGaugeRefresher(MuxGauges gauges, MuxActorsHostingOptions options) : BackgroundService
{
    /// <summary>How often the snapshot is taken: dotnet-counters' default refresh interval.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, options.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await gauges.RefreshAsync().ConfigureAwait(false);
                }
                catch (AskTimeoutException)
                {
                    // the root is busy or stopping: the previous snapshot stays
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
