using MuxActors.Management.Tests.Support;

namespace MuxActors.Management.Tests;

/// <summary>
/// The instruments of the <c>MuxActors</c> meter in <c>GET /metrics</c> after a known amount of traffic, each test
/// on a service of its own (so every count starts at zero).
/// </summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private const string Config = """
        muxactors {
          muxes.vm1 {
            frontend { type = unix-client, path = "vm.sock", reconnect = 100ms }
            backends {
              a   { type = unix-server, path = "run/a.sock" }
              one { type = unix-server, path = "run/one.sock", max-clients = 1 }
            }
          }
        }
        """;

    private RunningService _service = null!;

    public async Task InitializeAsync() => _service = await RunningService.StartAsync(Config, "vm1");

    public async Task DisposeAsync() => await _service.DisposeAsync();

    private async Task<Dictionary<(string Name, string Labels), double>> ScrapeAsync()
    {
        var answer = await _service.Api.GetAsync("/metrics");
        Assert.Equal(200, answer.Status);
        return PrometheusText.Parse(answer.Body);
    }

    private async Task<UnixClient> AttachAsync(string backend, int attachedBefore)
    {
        var client = await UnixClient.ConnectAsync(_service.Run(backend + ".sock"));
        await _service.Process.WaitForCountAsync($"Mux vm1: {backend} attached", attachedBefore + 1);
        return client;
    }

    [Fact]
    public async Task Bytes_in_and_out_are_counted_and_the_gauges_show_the_client()
    {
        await using var client = await AttachAsync("a", 0);
        await client.SendAsync("0123456789\n");
        await client.WaitForTextAsync("0123456789\n"); // the console echoed it: counted on the way in and out

        var samples = await ScrapeAsync();
        const string mux = "mux=\"vm1\"";
        const string a = "backend=\"a\"";
        Assert.Equal(11, PrometheusText.Value(samples, "muxactors_input_bytes_total", mux));
        Assert.Equal(11, PrometheusText.Value(samples, "muxactors_output_bytes_total", mux));
        // A counter appears with its first measurement: nothing was discarded.
        Assert.DoesNotContain(samples.Keys, k => k.Name == "muxactors_input_discarded_bytes_total");
        Assert.Equal(1, PrometheusText.Value(samples, "muxactors_mux_up", mux));
        Assert.Equal(1, PrometheusText.Value(samples, "muxactors_frontend_up", mux));
        Assert.InRange(PrometheusText.Value(samples, "muxactors_uptime_seconds", mux), 0.001, 600);
        Assert.Equal(1, PrometheusText.Value(samples, "muxactors_backend_clients", mux, a, "type=\"unix-server\""));
        Assert.Equal(0, PrometheusText.Value(samples, "muxactors_backend_clients", mux, "backend=\"one\""));
        Assert.Equal(11, PrometheusText.Value(samples, "muxactors_backend_received_bytes", mux, a));
        Assert.Equal(11, PrometheusText.Value(samples, "muxactors_backend_sent_bytes", mux, a));
        Assert.InRange(PrometheusText.Value(samples, "muxactors_backend_lag_bytes", mux, a), 0, 11); // its acknowledgement may still be on its way
        Assert.Equal(1, PrometheusText.Value(samples, "muxactors_backend_clients_accepted_total", mux, a, "type=\"unix-server\""));
    }

    [Fact]
    public async Task A_client_over_max_clients_is_refused_and_counted()
    {
        await using var first = await AttachAsync("one", 0);
        await using var second = await UnixClient.ConnectAsync(_service.Run("one.sock"));
        await second.WaitForTextAsync("too many clients on 'one'"); // counted before it is told

        var samples = await ScrapeAsync();
        Assert.Equal(1, PrometheusText.Value(samples, "muxactors_backend_clients_accepted_total", "backend=\"one\""));
        Assert.Equal(1, PrometheusText.Value(samples, "muxactors_backend_clients_refused_total", "backend=\"one\""));
        Assert.Equal(1, PrometheusText.Value(samples, "muxactors_backend_clients", "backend=\"one\""));
    }
}
