using System.Text.Json;
using MuxActors.Management.Tests.Support;

namespace MuxActors.Management.Tests;

/// <summary>GET /v1/muxes, /v1/muxes/{mux}, /v1/chardevs, errors of unknown endpoints; over the real unix socket.</summary>
public sealed class MuxStatusApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private RunningService Service => fixture.Service;

    [Fact]
    public void The_management_socket_is_private()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Service.SocketPath));
    }

    [Fact]
    public async Task A_mux_shows_its_console_backends_clients_and_counters()
    {
        await using var events = await Service.Api.OpenEventsAsync("?mux=vm1");
        await using var client = await UnixClient.ConnectAsync(Service.Run("a.sock"));
        var attached = await events.WaitForAsync("attach", e => e.Field("chardev") == "a", "a client of a");
        await client.SendAsync("status-1\n");
        await client.WaitForTextAsync("status-1");

        var answer = await Service.Api.GetAsync("/v1/muxes/vm1");
        Assert.Equal(200, answer.Status);
        Assert.StartsWith("application/json", answer.ContentType, StringComparison.Ordinal);
        var mux = answer.Json;
        Assert.Equal("vm1", mux.GetProperty("name").GetString());
        Assert.Equal("running", mux.GetProperty("state").GetString());
        var frontend = mux.GetProperty("frontend");
        Assert.True(frontend.GetProperty("up").GetBoolean());
        Assert.Equal("unix-client", frontend.GetProperty("type").GetString());
        Assert.True(mux.GetProperty("output-bytes").GetInt64() >= "status-1\n".Length);
        Assert.True(mux.GetProperty("input-bytes").GetInt64() >= "status-1\n".Length);
        Assert.True(mux.GetProperty("uptime-seconds").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Object, mux.GetProperty("restarts").ValueKind);
        var backends = mux.GetProperty("backends").EnumerateArray().ToDictionary(b => b.GetProperty("id").GetString()!);
        Assert.Equal("unix-server", backends["a"].GetProperty("type").GetString());
        Assert.Equal("ringbuf", backends["ring"].GetProperty("type").GetString());
        var mine = backends["a"].GetProperty("clients").EnumerateArray().Single(c => c.GetProperty("peer").GetString() == attached.Field("peer"));
        Assert.StartsWith("unix:pid=", mine.GetProperty("peer").GetString(), StringComparison.Ordinal);
        Assert.True(mine.GetProperty("bytes-in").GetInt64() >= "status-1\n".Length);
        Assert.True(mine.GetProperty("bytes-out").GetInt64() >= 0); // the write's acknowledgement may still be on its way
        Assert.Equal("block", mine.GetProperty("policy").GetString());
        Assert.True(mine.TryGetProperty("lag", out _) && mine.TryGetProperty("dropped", out _) && mine.TryGetProperty("since", out _));
    }

    [Fact]
    public async Task The_list_has_every_mux_with_its_console_state()
    {
        var answer = await Service.Api.GetAsync("/v1/muxes");
        Assert.Equal(200, answer.Status);
        var muxes = answer.Json.GetProperty("muxes").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.True(muxes["vm1"].GetProperty("frontend").GetProperty("up").GetBoolean());
        Assert.False(muxes["small"].GetProperty("frontend").GetProperty("up").GetBoolean());
    }

    [Fact]
    public async Task Chardevs_are_listed_with_inline_backends_as_mux_dot_id()
    {
        var answer = await Service.Api.GetAsync("/v1/chardevs");
        Assert.Equal(200, answer.Status);
        var ids = answer.Json.GetProperty("chardevs").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Contains("vm1.a", ids);
        Assert.Contains("vm1.frontend", ids);
        Assert.Contains("small.r", ids);
    }

    [Theory]
    [InlineData("GET", "/v1/muxes/nope", 404, "not-found", "mux 'nope' not found")]
    [InlineData("GET", "/v1/nothing-here", 404, "not-found", "no such endpoint: GET /v1/nothing-here")]
    [InlineData("PUT", "/v1/muxes", 405, "not-allowed", "PUT is not allowed on /v1/muxes")]
    [InlineData("GET", "/v1/muxes/vm1/attach", 400, "invalid", "needs a WebSocket upgrade")]
    public async Task Errors_are_json_with_a_code(string method, string path, int status, string code, string message)
    {
        var answer = await Service.Api.SendAsync(new HttpMethod(method), path);
        Assert.Equal(status, answer.Status);
        Assert.Equal(code, answer.Code);
        Assert.Contains(message, answer.Error, StringComparison.Ordinal);
    }
}
