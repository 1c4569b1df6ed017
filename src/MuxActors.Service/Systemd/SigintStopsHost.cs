using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace MuxActors.Service.Systemd;

/// <summary>
/// SIGINT (Ctrl-C) stops the host gracefully under systemd's lifetime too: <c>SystemdLifetime</c> handles SIGTERM
/// only, where the console lifetime it replaces handled both.
/// </summary>
internal sealed class SigintStopsHost(IHostApplicationLifetime lifetime) : IHostedService, IDisposable
{
    private PosixSignalRegistration? _sigint;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            lifetime.StopApplication();
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public void Dispose() => _sigint?.Dispose();
}
