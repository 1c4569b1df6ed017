using System.Globalization;
using System.Text.RegularExpressions;
using MuxActors.Management.Tests.Support;

namespace MuxActors.Management.Tests;

/// <summary>GET /v1/events (server-sent events) and GET /metrics (Prometheus text).</summary>
public sealed partial class EventsAndMetricsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
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
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", answer.ContentType);
        var samples = ParsePrometheus(answer.Body);
        Assert.Equal(1, samples[("muxactors_frontend_up", "mux=\"vm1\"")]);
        Assert.Equal(0, samples[("muxactors_frontend_up", "mux=\"small\"")]);
        Assert.True(samples[("muxactors_output_bytes_total", "mux=\"vm1\"")] >= "metrics-1\n".Length);
        Assert.True(samples[("muxactors_backend_clients", "mux=\"vm1\",backend=\"a\",type=\"unix-server\"")] >= 1);
        Assert.True(samples.ContainsKey(("muxactors_backend_lag_bytes", "mux=\"vm1\",backend=\"a\",type=\"unix-server\"")));
        Assert.True(samples.ContainsKey(("muxactors_backend_dropped_bytes", "mux=\"vm1\",backend=\"ring\",type=\"ringbuf\"")));
        Assert.True(samples.ContainsKey(("muxactors_uptime_seconds", "mux=\"vm1\"")));
        Assert.True(samples[("process_cpu_seconds_total", "")] > 0);
        Assert.True(samples[("process_resident_memory_bytes", "")] > 1_000_000);
        Assert.True(samples[("process_threads", "")] >= 2);
        Assert.True(samples[("dotnet_gc_allocated_bytes_total", "")] > 0);
        Assert.True(samples.ContainsKey(("dotnet_gc_pause_seconds_total", "")));
        Assert.True(samples[("dotnet_gc_collections_total", "generation=\"0\"")] >= samples[("dotnet_gc_collections_total", "generation=\"2\"")]);
        Assert.True(samples[("dotnet_jit_compiled_methods_total", "")] > 0);
        Assert.True(samples.ContainsKey(("dotnet_jit_compilation_seconds_total", "")));
    }

    /// <summary>
    /// A strict reading of the text exposition format: HELP and TYPE once per family before its samples, metric and
    /// label names by the grammar, quoted and escaped label values, numeric values, a final newline.
    /// </summary>
    private static Dictionary<(string Name, string Labels), double> ParsePrometheus(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var types = new Dictionary<string, string>();
        var helps = new HashSet<string>();
        var samples = new Dictionary<(string, string), double>();
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (HelpLine().Match(line) is { Success: true } help)
            {
                Assert.True(helps.Add(help.Groups[1].Value), "HELP twice: " + line);
                continue;
            }
            if (TypeLine().Match(line) is { Success: true } type)
            {
                Assert.True(types.TryAdd(type.Groups[1].Value, type.Groups[2].Value), "TYPE twice: " + line);
                continue;
            }
            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, "not a valid sample line: " + line);
            var name = sample.Groups[1].Value;
            Assert.True(types.ContainsKey(name), "sample before its TYPE: " + line);
            var labels = sample.Groups[2].Value;
            Assert.True(labels.Length == 0 || LabelList().IsMatch(labels), "bad labels: " + line);
            Assert.True(double.TryParse(sample.Groups[3].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value), "bad value: " + line);
            Assert.True(samples.TryAdd((name, labels), value), "duplicate series: " + line);
        }
        Assert.All(types.Values, t => Assert.Contains(t, new[] { "counter", "gauge" }));
        return samples;
    }

    [GeneratedRegex("^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$")]
    private static partial Regex HelpLine();

    [GeneratedRegex("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"^[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\\n]|\\[\\""n])*""(?:,[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\\n]|\\[\\""n])*"")*$")]
    private static partial Regex LabelList();
}
