using MuxActors.Management.Tests.Support;

namespace MuxActors.Management.Tests;

/// <summary>
/// One running service shared by the API tests: <c>vm1</c> on the echo console with a unix-server <c>a</c> and a ring
/// buffer; <c>small</c>, whose console never connects and which takes no more backends. Every test uses its own ids.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    internal const string Config = """
        muxactors {
          management.listen = "unix:run/muxactors.sock"
          muxes.vm1 {
            frontend { type = unix-client, path = "vm.sock", reconnect = 100ms }
            backends {
              a    { type = unix-server, path = "run/a.sock", replay = 16KiB }
              ring { type = ringbuf, size = 4KiB }
            }
          }
          muxes.small {
            frontend { type = unix-client, path = "nothing-listens.sock", reconnect = 1s }
            backends { r { type = ringbuf } }
            max-backends = 1
          }
        }
        """;

    internal RunningService Service { get; private set; } = null!;

    public async Task InitializeAsync() => Service = await RunningService.StartAsync(Config, "vm1");

    public async Task DisposeAsync() => await Service.DisposeAsync();
}
