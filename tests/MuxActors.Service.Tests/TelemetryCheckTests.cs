namespace MuxActors.Service.Tests;

/// <summary><c>muxactors --check</c> validates <c>muxactors.telemetry</c> like every other key; <c>--version</c> prints the version.</summary>
public sealed class TelemetryCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("muxactors-telemetry-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<ServiceProcess> CheckAsync(string telemetry)
    {
        var path = Path.Combine(_dir, "t.conf");
        await File.WriteAllTextAsync(path, $$"""
            muxactors.muxes.vm1 { frontend { type = unix-client, path = vm.sock }, backends { n { type = null } } }
            muxactors.telemetry {
            {{telemetry}}
            }
            """);
        var service = ServiceProcess.Start(_dir, null, "--check", "--config", path);
        await service.WaitForExitAsync();
        return service;
    }

    [Fact]
    public async Task An_otlp_endpoint_passes_check()
    {
        await using var service = await CheckAsync("""otlp { endpoint = "http://127.0.0.1:4318/v1/metrics", protocol = http/protobuf }""");
        Assert.True(await service.WaitForExitAsync() == 0, service.Output);
    }

    [Fact]
    public async Task A_bad_endpoint_protocol_or_key_is_reported_with_its_position()
    {
        await using var service = await CheckAsync("""
            otlp { endpoint = "127.0.0.1:4317", protocol = carrier-pigeon }
            push = yes
            """);
        Assert.Equal(1, await service.WaitForExitAsync());
        Assert.Contains(service.Lines, l => l.Contains("t.conf:3:", StringComparison.Ordinal) && l.Contains("telemetry.otlp.endpoint", StringComparison.Ordinal)
            && l.Contains("not an http:// or https:// URL", StringComparison.Ordinal));
        Assert.Contains(service.Lines, l => l.Contains("telemetry.otlp.protocol", StringComparison.Ordinal) && l.Contains("carrier-pigeon", StringComparison.Ordinal));
        Assert.Contains(service.Lines, l => l.Contains("t.conf:4:", StringComparison.Ordinal) && l.Contains("telemetry.push", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Version_prints_the_version()
    {
        await using var service = ServiceProcess.Start(_dir, null, "--version");
        Assert.True(await service.WaitForExitAsync() == 0, service.Output);
        Assert.Matches(@"^\d+\.\d+\.\d+", service.Lines.First(l => l.Length > 0));
    }
}
