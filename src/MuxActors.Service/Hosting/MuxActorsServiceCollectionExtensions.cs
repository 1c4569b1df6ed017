using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MuxActors.Actors;
using MuxActors.Chardevs;
using MuxActors.Core.Chardevs;
using MuxActors.Hocon;

namespace MuxActors.Service.Hosting;

/// <summary>
/// Wires MuxActors into any .NET host (in the style of Akka.Hosting):
/// <c>builder.Configuration.AddHoconFile("hocon.conf"); builder.Services.AddMuxActors(builder.Configuration);</c>
/// </summary>
public static class MuxActorsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the actor system, the built-in chardev kinds and the hosted service that runs the muxes configured under
    /// <c>muxactors</c> in the HOCON source of <paramref name="configuration"/>.
    /// </summary>
    public static IServiceCollection AddMuxActors(this IServiceCollection services, IConfiguration configuration,
        Action<MuxActorsHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new MuxActorsHostingOptions();
        var hocon = FindHocon(configuration);
        options.ConfigFile = hocon.File;
        configure?.Invoke(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton(BuiltInChardevs.CreateRegistry());
        services.TryAddSingleton(sp => new MuxConfigLoader(sp.GetRequiredService<ChardevRegistry>()));
        services.TryAddSingleton(sp => ActorSystem.Create("muxactors", new ActorSystemOptions
        {
            LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
            TimeProvider = options.TimeProvider,
        }));
        services.TryAddSingleton(sp => new MuxActorsService(sp.GetRequiredService<ActorSystem>(),
            sp.GetRequiredService<MuxConfigLoader>(), sp.GetRequiredService<ChardevRegistry>(), options, hocon.Root,
            sp.GetRequiredService<ILogger<MuxActorsService>>(), sp.GetService<IHostApplicationLifetime>()));
        services.AddHostedService(sp => sp.GetRequiredService<MuxActorsService>());
        return services;
    }

    /// <summary>The parsed HOCON tree (and its file) behind <paramref name="configuration"/>.</summary>
    private static (HoconObject Root, string? File) FindHocon(IConfiguration configuration)
    {
        if (configuration is IConfigurationRoot root)
        {
            foreach (var provider in root.Providers.Reverse())
            {
                switch (provider)
                {
                    case HoconFileConfigurationProvider { Root: { } tree } file:
                        return (tree, file.Source.FileProvider?.GetFileInfo(file.Source.Path ?? "").PhysicalPath);
                    case HoconStringConfigurationProvider { Root: { } text }:
                        return (text, null);
                }
            }
        }
        throw new InvalidOperationException("AddMuxActors needs a HOCON configuration source: call AddHoconFile or AddHoconString first.");
    }
}
