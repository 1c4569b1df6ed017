using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MuxActors.Service.Tests;

/// <summary>
/// <c>muxactors.telemetry.otlp</c>: the real process pushes both meters over OTLP/HTTP to a stand-in collector on
/// loopback, even without the management API.
/// </summary>
public sealed class OtlpPushTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("muxactors-otlp-").FullName;
    private readonly TcpListener _collector = new(IPAddress.Loopback, 0);
    private EchoVm? _vm;

    public Task InitializeAsync()
    {
        _vm = new EchoVm(Path.Combine(_dir, "vm.sock"));
        _collector.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _collector.Stop();
        if (_vm is not null)
            await _vm.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Metrics_are_pushed_to_the_configured_endpoint()
    {
        var port = ((IPEndPoint)_collector.LocalEndpoint).Port;
        var config = Path.Combine(_dir, "t.conf");
        await File.WriteAllTextAsync(config, $$"""
            muxactors {
              management.listen = off
              telemetry.otlp { endpoint = "http://127.0.0.1:{{port}}/v1/metrics", protocol = http/protobuf, interval = 200ms }
              muxes.vm1 {
                frontend { type = unix-client, path = "vm.sock", reconnect = 100ms }
                backends { a { type = unix-server, path = "run/a.sock" } }
              }
            }
            """);
        await using var service = ServiceProcess.Start(_dir, null, "--config", config);
        await service.WaitForLineAsync("MuxActors ready: 1 mux");

        // OTLP/protobuf carries the meter and instrument names as plain UTF-8 strings.
        var request = await ReceiveRequestAsync(text => text.Contains("muxactors.uptime", StringComparison.Ordinal)
            && text.Contains("dotnet.gc.heap.total_allocated", StringComparison.Ordinal));
        Assert.StartsWith("POST /v1/metrics HTTP/1.1", request, StringComparison.Ordinal);
        Assert.Contains("application/x-protobuf", request, StringComparison.OrdinalIgnoreCase);
        service.Signal("TERM");
        Assert.Equal(0, await service.WaitForExitAsync());
    }

    /// <summary>Answers each export with 200 until one request's bytes satisfy <paramref name="done"/>; returns that request.</summary>
    private async Task<string> ReceiveRequestAsync(Func<string, bool> done)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            using var client = await _collector.AcceptTcpClientAsync(cts.Token);
            var stream = client.GetStream();
            var received = new MemoryStream();
            var buffer = new byte[16384];
            while (true)
            {
                var text = Encoding.UTF8.GetString(received.ToArray());
                var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (headerEnd >= 0 && received.Length >= headerEnd + 4 + ContentLength(text[..headerEnd]))
                {
                    await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), cts.Token);
                    if (done(text))
                        return text;
                    break;
                }
                var n = await stream.ReadAsync(buffer, cts.Token);
                if (n == 0)
                    break;
                received.Write(buffer, 0, n);
            }
        }
    }

    private static int ContentLength(string headers) =>
        headers.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
}
