using System.Diagnostics;
using MuxActors.Management.Tests.Support;

namespace MuxActors.Management.Tests;

/// <summary>Stopping the service with live API sessions: they are told and closed, and do not hold the stop up.</summary>
public sealed class StopTests : IAsyncLifetime
{
    private RunningService _service = null!;

    public async Task InitializeAsync() => _service = await RunningService.StartAsync(ApiFixture.Config, "vm1");

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Sigterm_tells_an_attached_client_and_ends_the_event_stream_promptly()
    {
        var events = await _service.Api.OpenEventsAsync("?mux=vm1");
        await using var tail = Muxctl.Start("tail", "vm1", "--socket", _service.SocketPath);
        await events.WaitForAsync("attach", e => e.Field("chardev") == "tail", "the tail's port");

        var stopping = Stopwatch.StartNew();
        _service.Process.Signal("TERM");
        Assert.Equal(0, await _service.Process.WaitForExitAsync());
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"the stop took {stopping.Elapsed} (the host's limit is 20 s)");
        Assert.Equal(1, await tail.WaitForExitAsync());
        Assert.Contains("[muxactors: the service is stopping]", tail.Out, StringComparison.Ordinal);
        Assert.Contains("muxctl: vm1: the service ended the session (detached)", tail.Err, StringComparison.Ordinal);
        await events.DisposeAsync();
        Assert.False(File.Exists(_service.SocketPath), "the management socket is removed on stop");
    }
}
