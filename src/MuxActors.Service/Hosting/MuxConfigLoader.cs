using MuxActors.Core.Chardevs;
using MuxActors.Core.Config;
using MuxActors.Hocon;

namespace MuxActors.Service.Hosting;

/// <summary>
/// Reads and validates a MuxActors configuration, collecting every error (file:line:col and key path).
/// <paramref name="commandLineChardevs"/> are QEMU option strings (<c>--chardev</c>) read with every load and reload.
/// </summary>
public sealed class MuxConfigLoader(ChardevRegistry registry, IReadOnlyList<string>? commandLineChardevs = null)
{
    /// <summary>Parses <paramref name="path"/> and validates it.</summary>
    public (ServiceConfig? Config, IReadOnlyList<ConfigError> Errors) LoadFile(string path)
    {
        if (!File.Exists(path))
            return (null, [new ConfigError($"configuration file '{path}' not found", null, null)]);
        HoconObject root;
        try
        {
            root = HoconParser.ParseFile(path);
        }
        catch (HoconException ex)
        {
            return (null, [ConfigError.From(ex)]);
        }
        catch (IOException ex)
        {
            return (null, [new ConfigError($"cannot read '{path}': {ex.Message}", null, null)]);
        }
        return Load(root);
    }

    /// <summary>Validates an already parsed configuration.</summary>
    public (ServiceConfig? Config, IReadOnlyList<ConfigError> Errors) Load(HoconObject root) =>
        new ServiceConfigReader(registry) { CommandLineChardevs = commandLineChardevs ?? [] }.TryRead(new HoconConfig(root));
}
