using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace MuxActors.Service.Systemd;

/// <summary>Registers the systemd integration of <c>Microsoft.Extensions.Hosting.Systemd</c> for MuxActors.</summary>
public static class SystemdHosting
{
    /// <summary>
    /// The library's <see cref="SystemdLifetime"/> (READY=1 once the host has started, STOPPING=1 when it stops, SIGTERM
    /// and, through <see cref="SigintStopsHost"/>, SIGINT stop gracefully) when systemd started us, or when a notify socket is given by a service manager that is not
    /// our parent (a container's init, the tests); and <see cref="ServiceNotifier"/> as the host's
    /// <see cref="ISystemdNotifier"/>, so the lifetime's READY=1 carries MuxActors' status line.
    /// </summary>
    public static IServiceCollection AddMuxActorsSystemd(this IServiceCollection services, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        environment ??= Environment.GetEnvironmentVariable;
        services.AddSystemd();
        var notifySocket = !string.IsNullOrEmpty(environment("NOTIFY_SOCKET"));
        if (!SystemdHelpers.IsSystemdService() && notifySocket)
            services.AddSingleton<IHostLifetime, SystemdLifetime>();
        if (SystemdHelpers.IsSystemdService() || notifySocket)
            services.AddHostedService<SigintStopsHost>();
        services.AddSingleton(_ => new ServiceNotifier(new SystemdNotifier()));
        services.AddSingleton<ISystemdNotifier>(sp => sp.GetRequiredService<ServiceNotifier>());
        return services;
    }
}
