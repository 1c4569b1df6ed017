using MuxActors.Management.Tests.Support;

namespace MuxActors.Management.Tests;

/// <summary>POST and DELETE /v1/chardevs, DELETE /v1/muxes/{mux}/backends/{id}: QEMU's chardev-add / chardev-remove.</summary>
public sealed class ChardevApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private RunningService Service => fixture.Service;

    private static string UnixServer(string id, string path, string? mux = "vm1") =>
        $$"""{"id":"{{id}}","type":"unix-server","options":{"path":"{{path}}"}{{(mux is null ? "" : $",\"mux-be-id\":\"{mux}\"")}}}""";

    [Fact]
    public async Task A_unix_server_joining_a_running_mux_gives_its_client_live_output()
    {
        await using var events = await Service.Api.OpenEventsAsync("?mux=vm1");
        var added = await Service.Api.PostAsync("/v1/chardevs", UnixServer("live1", "run/live1.sock"));
        Assert.Equal(201, added.Status);
        Assert.Equal("live1", added.Json.GetProperty("id").GetString());
        Assert.Equal("vm1", added.Json.GetProperty("mux").GetString());
        Assert.Equal("/v1/chardevs/live1", added.Headers["Location"]);

        await using var watcher = await UnixClient.ConnectAsync(Service.Run("live1.sock"));
        await events.WaitForAsync("attach", e => e.Field("chardev") == "live1", "the new backend's client");
        await using var typist = await UnixClient.ConnectAsync(Service.Run("a.sock"));
        await events.WaitForAsync("attach", e => e.Field("chardev") == "a", "the typing client");
        await typist.SendAsync("live output 1\n");
        await watcher.WaitForTextAsync("live output 1");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Service.Run("live1.sock")));
    }

    [Fact]
    public async Task A_member_is_busy_until_detached_then_removable()
    {
        await using var events = await Service.Api.OpenEventsAsync("?mux=vm1");
        Assert.Equal(201, (await Service.Api.PostAsync("/v1/chardevs", UnixServer("member1", "run/member1.sock"))).Status);
        await using var client = await UnixClient.ConnectAsync(Service.Run("member1.sock"));
        await events.WaitForAsync("attach", e => e.Field("chardev") == "member1", "the member's client");

        var busy = await Service.Api.DeleteAsync("/v1/chardevs/member1");
        Assert.Equal(409, busy.Status);
        Assert.Equal("busy", busy.Code);
        Assert.Equal("Chardev 'member1' is busy", busy.Error);

        var detached = await Service.Api.DeleteAsync("/v1/muxes/vm1/backends/member1");
        Assert.Equal(204, detached.Status);
        await events.WaitForAsync("detach", e => e.Field("chardev") == "member1", "the detached member's client");
        await client.WaitUntilAsync(c => c.Closed, "the client of a detached backend is disconnected");
        var status = (await Service.Api.GetAsync("/v1/muxes/vm1")).Json;
        Assert.DoesNotContain(status.GetProperty("backends").EnumerateArray(), b => b.GetProperty("id").GetString() == "member1");

        Assert.Equal(204, (await Service.Api.DeleteAsync("/v1/chardevs/member1")).Status);
        var gone = await Service.Api.DeleteAsync("/v1/chardevs/member1");
        Assert.Equal(404, gone.Status);
        Assert.Equal("not-found", gone.Code);
        Assert.Equal("Chardev 'member1' not found", gone.Error);
        var notMember = await Service.Api.DeleteAsync("/v1/muxes/vm1/backends/member1");
        Assert.Equal(404, notMember.Status);
        Assert.Equal("not-found", notMember.Code);
    }

    [Fact]
    public async Task An_unattached_chardev_can_be_added_and_removed_at_once()
    {
        var added = await Service.Api.PostAsync("/v1/chardevs", """{"id":"spare1","type":"file","options":{"path":"run/spare1.log"}}""");
        Assert.Equal(201, added.Status);
        var listed = (await Service.Api.GetAsync("/v1/chardevs")).Json.GetProperty("chardevs").EnumerateArray()
            .Single(c => c.GetProperty("id").GetString() == "spare1");
        Assert.False(listed.TryGetProperty("mux", out _));
        Assert.Equal(204, (await Service.Api.DeleteAsync("/v1/chardevs/spare1")).Status);
    }

    [Fact]
    public async Task A_duplicate_id_is_a_conflict()
    {
        Assert.Equal(201, (await Service.Api.PostAsync("/v1/chardevs", UnixServer("dup1", "run/dup1.sock"))).Status);
        var again = await Service.Api.PostAsync("/v1/chardevs", UnixServer("dup1", "run/dup1b.sock"));
        Assert.Equal(409, again.Status);
        Assert.Equal("conflict", again.Code);
        Assert.Equal("Chardev with id 'dup1' already exists", again.Error);
        var inline = await Service.Api.PostAsync("/v1/chardevs", UnixServer("vm1.a", "run/other.sock", mux: null));
        Assert.Equal(409, inline.Status);
    }

    [Fact]
    public async Task A_mux_at_its_backend_limit_refuses_another()
    {
        var refused = await Service.Api.PostAsync("/v1/chardevs", """{"id":"extra1","type":"ringbuf","mux-be-id":"small"}""");
        Assert.Equal(409, refused.Status);
        Assert.Equal("limit", refused.Code);
        Assert.Contains("maximum is 1", refused.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"b1","type":"ringbuf","mux-be-id":"nope"}""", 404, "not-found", "mux-be-id 'nope' can't be found")]
    [InlineData("""{"id":"b2","type":"ringbuf",""", 400, "invalid", "not valid JSON")]
    [InlineData("""[1,2]""", 400, "invalid", "must be a JSON object")]
    [InlineData("""{"id":"b3","type":"ringbuf","colour":"red"}""", 400, "invalid", "unknown field 'colour'")]
    [InlineData("""{"id":"b4"}""", 400, "invalid", "field 'type' is missing")]
    [InlineData("""{"type":"ringbuf"}""", 400, "invalid", "field 'id' is missing")]
    [InlineData("""{"id":7,"type":"ringbuf"}""", 400, "invalid", "field 'id' must be a string")]
    [InlineData("""{"id":"b5","type":"ringbuf","options":"size=1"}""", 400, "invalid", "field 'options' must be an object")]
    [InlineData("""{"id":"b6","type":"ringbuf","options":{"type":"file"}}""", 400, "invalid", "field 'options.type' is not allowed")]
    [InlineData("""{"id":"b6b","type":"ringbuf","options":{"output.high-water":"1MiB"}}""", 400, "invalid", "field 'options.output.high-water': write nested keys as objects")]
    [InlineData("""{"id":"b7","type":"warp-drive"}""", 400, "invalid", "chardev 'b7': unknown type 'warp-drive'")]
    [InlineData("""{"id":"b8","type":"unix-server","options":{"path":"run/b8.sock","on-overflow":"maybe"}}""", 400, "invalid", "muxactors.chardevs.b8.on-overflow")]
    [InlineData("""{"id":"b9 x","type":"ringbuf"}""", 400, "invalid", "chardev id 'b9 x' is not usable")]
    public async Task Bad_requests_name_the_problem(string body, int status, string code, string message)
    {
        var answer = await Service.Api.PostAsync("/v1/chardevs", body);
        Assert.Equal(status, answer.Status);
        Assert.Equal(code, answer.Code);
        Assert.Contains(message, answer.Error, StringComparison.Ordinal);
    }
}
