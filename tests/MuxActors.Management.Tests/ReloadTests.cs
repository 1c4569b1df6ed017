using MuxActors.Management.Tests.Support;

namespace MuxActors.Management.Tests;

/// <summary>Run-time changes are not written to the file: a SIGHUP reload reconciles back to it, and is an event.</summary>
public sealed class ReloadTests : IAsyncLifetime
{
    private RunningService _service = null!;

    public async Task InitializeAsync() => _service = await RunningService.StartAsync(ApiFixture.Config, "vm1");

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task A_reload_drops_run_time_changes_and_is_reported()
    {
        await using var events = await _service.Api.OpenEventsAsync();
        Assert.Equal(201, (await _service.Api.PostAsync("/v1/chardevs", """{"id":"temp1","type":"ringbuf","mux-be-id":"vm1"}""")).Status);

        _service.Process.Signal("HUP");
        var reload = await events.WaitForAsync("reload", _ => true, "the SIGHUP reload");
        Assert.Equal("True", reload.Field("ok"));
        var chardevs = (await _service.Api.GetAsync("/v1/chardevs")).Json.GetProperty("chardevs").EnumerateArray();
        Assert.DoesNotContain(chardevs, c => c.GetProperty("id").GetString() == "temp1");
        var backends = (await _service.Api.GetAsync("/v1/muxes/vm1")).Json.GetProperty("backends").EnumerateArray();
        Assert.DoesNotContain(backends, b => b.GetProperty("id").GetString() == "temp1");

        await File.WriteAllTextAsync(_service.ConfigPath, "muxactors.muxes.vm1 { frontend { type = warp-drive } }\n");
        _service.Process.Signal("HUP");
        var rejected = await events.WaitForAsync("reload", e => e.Field("ok") == "False", "the rejected reload");
        Assert.Contains("t.conf:1:", rejected.Field("errors"), StringComparison.Ordinal);
    }
}
