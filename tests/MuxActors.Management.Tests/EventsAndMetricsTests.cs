using System.Globalization;
using MuxActors.Management.Tests.Support;

namespace MuxActors.Management.Tests;

/// <summary>GET /v1/events (server-sent events) and GET /metrics (Prometheus text).</summary>
public sealed class EventsAndMetricsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private RunningService Service => fixture.Service;

    [Fact]
    public async Task The_event_stream_reports_an_attach_and_a_detach()
    {
        await using var events = await Service.Api.OpenEventsAsync();
        Assert.StartsWith("text/event-stream", events.ContentType, StringComparison.Ordinal);
        var client = await UnixClient.ConnectAsync(Service.Run("a.sock"));
        var attach = await events.WaitForAsync("attach", e => e.Field("mux") == "vm1" && e.Field("chardev") == "a", "a new client of a");
        Assert.StartsWith("unix:pid=", attach.Field("peer"), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(attach.Field("at"), CultureInfo.InvariantCulture, out _));
        await client.DisposeAsync();
        var detach = await events.WaitForAsync("detach", e => e.Field("chardev") == "a" && e.Field("peer") == attach.Field("peer"), "that client leaving");
        Assert.NotEqual("", detach.Field("reason"));
    }

    [Fact]
    public async Task Events_can_be_limited_to_one_mux()
    {
        await using var others = await Service.Api.OpenEventsAsync("?mux=small");
        await using var vm1 = await Service.Api.OpenEventsAsync("?mux=vm1");
        await using (await UnixClient.ConnectAsync(Service.Run("a.sock")))
            await vm1.WaitForAsync("attach", e => e.Field("chardev") == "a", "a client of vm1");
        await vm1.WaitForAsync("detach", e => e.Field("chardev") == "a", "that client leaving");
        Assert.DoesNotContain(others.Events, e => e.Field("mux") == "vm1");
    }

    [Fact]
    public async Task Metrics_parse_as_prometheus_text()
    {
        await using var events = await Service.Api.OpenEventsAsync("?mux=vm1");
        await using var client = await UnixClient.ConnectAsync(Service.Run("a.sock"));
        await events.WaitForAsync("attach", e => e.Field("chardev") == "a", "a client of a");
        await client.SendAsync("metrics-1\n");
        await client.WaitForTextAsync("metrics-1");

        var answer = await Service.Api.GetAsync("/metrics");
        Assert.Equal(200, answer.Status);
        Assert.StartsWith("text/plain", answer.ContentType, StringComparison.Ordinal);
        Assert.Contains("version=0.0.4", answer.ContentType, StringComparison.Ordinal);
        var samples = PrometheusText.Parse(answer.Body);
        Assert.Equal(1, PrometheusText.Value(samples, "muxactors_frontend_up", "mux=\"vm1\""));
        Assert.Equal(0, PrometheusText.Value(samples, "muxactors_frontend_up", "mux=\"small\""));
        Assert.True(PrometheusText.Value(samples, "muxactors_output_bytes_total", "mux=\"vm1\"") >= "metrics-1\n".Length);
        Assert.True(PrometheusText.Value(samples, "muxactors_backend_clients", "mux=\"vm1\"", "backend=\"a\"", "type=\"unix-server\"") >= 1);
        PrometheusText.Value(samples, "muxactors_backend_lag_bytes", "mux=\"vm1\"", "backend=\"a\"", "type=\"unix-server\"");
        PrometheusText.Value(samples, "muxactors_backend_clients", "mux=\"vm1\"", "backend=\"ring\"", "type=\"ringbuf\"");
        PrometheusText.Value(samples, "muxactors_uptime_seconds", "mux=\"vm1\"");
        // The process, GC and JIT from .NET's System.Runtime meter.
        Assert.True(PrometheusText.Value(samples, "dotnet_process_cpu_time_seconds_total", "cpu_mode=\"user\"") > 0);
        Assert.True(PrometheusText.Value(samples, "dotnet_process_memory_working_set_bytes") > 1_000_000);
        Assert.True(PrometheusText.Value(samples, "dotnet_gc_heap_total_allocated_bytes_total") > 0);
        PrometheusText.Value(samples, "dotnet_gc_pause_time_seconds_total");
        PrometheusText.Value(samples, "dotnet_gc_collections_total", "gc_heap_generation=\"gen0\"");
        Assert.True(PrometheusText.Value(samples, "dotnet_jit_compiled_methods_total") > 0);
        PrometheusText.Value(samples, "dotnet_jit_compilation_time_seconds_total");

        var post = await Service.Api.PostAsync("/metrics");
        Assert.Equal(405, post.Status);
        Assert.Equal("not-allowed", post.Code);
    }
}
