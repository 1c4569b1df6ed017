using MuxActors.Management.Tests.Support;

namespace MuxActors.Management.Tests;

/// <summary>POST and DELETE /v1/muxes, BREAK, and reading a ring buffer.</summary>
public sealed class MuxApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private RunningService Service => fixture.Service;

    [Fact]
    public async Task A_mux_is_added_then_busy_while_its_console_is_up_unless_forced()
    {
        await using var events = await Service.Api.OpenEventsAsync("?mux=cat1");
        var body = """
            {"name":"cat1","frontend":{"type":"exec","command":["/bin/cat"]},
             "backends":{"s":{"type":"unix-server","path":"run/cat1.sock"}},"notify":true}
            """;
        var added = await Service.Api.PostAsync("/v1/muxes", body);
        Assert.Equal(201, added.Status);
        Assert.Equal("cat1", added.Json.GetProperty("name").GetString());
        Assert.Equal("/v1/muxes/cat1", added.Headers["Location"]);
        await events.WaitForAsync("frontend-up", _ => true, "the new mux's console");

        var again = await Service.Api.PostAsync("/v1/muxes", body);
        Assert.Equal(409, again.Status);
        Assert.Equal("conflict", again.Code);
        Assert.Equal("Mux with id 'cat1' already exists", again.Error);

        var busy = await Service.Api.DeleteAsync("/v1/muxes/cat1");
        Assert.Equal(409, busy.Status);
        Assert.Equal("busy", busy.Code);
        Assert.Contains("Chardev 'cat1' is busy", busy.Error, StringComparison.Ordinal);

        Assert.Equal(204, (await Service.Api.DeleteAsync("/v1/muxes/cat1?force=true")).Status);
        Assert.Equal(404, (await Service.Api.GetAsync("/v1/muxes/cat1")).Status);
        var gone = await Service.Api.DeleteAsync("/v1/muxes/cat1");
        Assert.Equal(404, gone.Status);
        Assert.Equal("not-found", gone.Code);
    }

    [Fact]
    public async Task A_mux_whose_console_is_down_is_removed_without_force()
    {
        var body = """{"name":"down1","frontend":{"type":"unix-client","path":"run/nobody.sock","reconnect":"1s"},"backends":{"r":{"type":"ringbuf"}}}""";
        Assert.Equal(201, (await Service.Api.PostAsync("/v1/muxes", body)).Status);
        var unavailable = await Service.Api.PostAsync("/v1/muxes/down1/break");
        Assert.Equal(409, unavailable.Status);
        Assert.Equal("unavailable", unavailable.Code);
        Assert.Equal(204, (await Service.Api.DeleteAsync("/v1/muxes/down1")).Status);
    }

    [Theory]
    [InlineData("""{"frontend":{"type":"null"}}""", "field 'name' is missing")]
    [InlineData("""{"name":"m1","colour":"red"}""", "unknown field 'colour'")]
    [InlineData("""{"name":"m2","backends":{"r":{"type":"ringbuf"}}}""", "mux 'm2': no frontend defined")]
    [InlineData("""{"name":"m3","frontend":{"type":"exec","command":["/bin/cat"]}}""", "mux 'm3': 'backends' is not defined")]
    [InlineData("""{"name":"m4","frontend":{"type":"exec","command":["/bin/cat"]},"backends":{"r":{"type":"ringbuf","on-overflow":"maybe"}}}""", "on-overflow")]
    [InlineData("""{"name":"m 5","frontend":{"type":"exec","command":["/bin/cat"]},"backends":{"r":{"type":"ringbuf"}}}""", "mux id 'm 5' is not usable")]
    public async Task Bad_mux_definitions_are_refused_with_the_reason(string body, string message)
    {
        var answer = await Service.Api.PostAsync("/v1/muxes", body);
        Assert.Equal(400, answer.Status);
        Assert.Equal("invalid", answer.Code);
        Assert.Contains(message, answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_mux_needs_a_boolean_force()
    {
        var answer = await Service.Api.DeleteAsync("/v1/muxes/vm1?force=maybe");
        Assert.Equal(400, answer.Status);
        Assert.Contains("query parameter 'force' must be true or false", answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Break_goes_to_a_connected_console()
    {
        Assert.Equal(204, (await Service.Api.PostAsync("/v1/muxes/vm1/break")).Status);
        var unknown = await Service.Api.PostAsync("/v1/muxes/nope/break");
        Assert.Equal(404, unknown.Status);
        Assert.Equal("not-found", unknown.Code);
        var down = await Service.Api.PostAsync("/v1/muxes/small/break");
        Assert.Equal(409, down.Status);
        Assert.Equal("unavailable", down.Code);
    }

    [Fact]
    public async Task A_ring_buffer_backend_can_be_read()
    {
        await using var events = await Service.Api.OpenEventsAsync("?mux=vm1");
        await using var client = await UnixClient.ConnectAsync(Service.Run("a.sock"));
        await events.WaitForAsync("attach", e => e.Field("chardev") == "a", "a client of a");
        await client.SendAsync("ring-read-1\n");
        await client.WaitForTextAsync("ring-read-1");
        // The ring is written by its own actor: wait (bounded) until it has the echoed line too.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        ApiAnswer read;
        while (!(read = await Service.Api.GetAsync("/v1/muxes/vm1/ringbuf/ring")).Json.GetProperty("data").GetString()!.Contains("ring-read-1", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "the ring never held the line: " + read);
            await Task.Delay(20);
        }
        Assert.Equal(200, read.Status);
        Assert.Equal("utf8", read.Json.GetProperty("format").GetString());
        Assert.True(read.Json.GetProperty("total-written").GetInt64() >= "ring-read-1\n".Length);

        var tail = await Service.Api.GetAsync("/v1/muxes/vm1/ringbuf/ring?size=4&format=base64");
        Assert.Equal(4, tail.Json.GetProperty("bytes").GetInt32());
        Assert.Equal(4, Convert.FromBase64String(tail.Json.GetProperty("data").GetString()!).Length);

        Assert.Equal("not-found", (await Service.Api.GetAsync("/v1/muxes/vm1/ringbuf/nope")).Code);
        Assert.Equal("not-found", (await Service.Api.GetAsync("/v1/muxes/nope/ringbuf/ring")).Code);
        var notRing = await Service.Api.GetAsync("/v1/muxes/vm1/ringbuf/a");
        Assert.Equal(400, notRing.Status);
        Assert.Equal("Chardev 'a' is not a ringbuf (its type is unix-server)", notRing.Error);
        Assert.Equal(400, (await Service.Api.GetAsync("/v1/muxes/vm1/ringbuf/ring?format=hex")).Status);
        Assert.Equal(400, (await Service.Api.GetAsync("/v1/muxes/vm1/ringbuf/ring?size=-1")).Status);
    }
}
