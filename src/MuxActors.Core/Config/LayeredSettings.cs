using MuxActors.Hocon;

namespace MuxActors.Core.Config;

/// <summary>
/// Reads a setting from the most specific layer that has it: a backend's own block, then its mux's block, then
/// <c>muxactors.defaults</c>. Errors name the layer the value came from.
/// </summary>
internal sealed class LayeredSettings(params (HoconConfig? Config, string Prefix)[] layers)
{
    public T Get<T>(string key, Func<HoconConfig, string, T> read, T fallback)
    {
        foreach (var (config, prefix) in layers)
        {
            var path = prefix.Length == 0 ? key : prefix + "." + key;
            if (config is not null && config.HasPath(path))
                return read(config, path);
        }
        return fallback;
    }

    public LayeredSettings Prepend(HoconConfig? config, string prefix) => new([(config, prefix), .. layers]);
}
