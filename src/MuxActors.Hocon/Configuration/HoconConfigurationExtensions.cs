using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;

namespace MuxActors.Hocon;

/// <summary>Adds HOCON files and strings to an <see cref="IConfigurationBuilder"/>.</summary>
public static class HoconConfigurationExtensions
{
    /// <summary>Adds a HOCON file. Relative paths are resolved against the builder's base path.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The file path.</param>
    /// <param name="optional">Whether a missing file is allowed.</param>
    /// <param name="reloadOnChange">Whether to reload when the file changes.</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, bool optional = false, bool reloadOnChange = false) =>
        builder.AddHoconFile(provider: null, path, optional, reloadOnChange, parseOptions: null);

    /// <summary>Adds a HOCON file with explicit parse options and, optionally, a file provider.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="provider">The file provider, or null for the builder's.</param>
    /// <param name="path">The file path.</param>
    /// <param name="optional">Whether a missing file is allowed.</param>
    /// <param name="reloadOnChange">Whether to reload when the file changes.</param>
    /// <param name="parseOptions">Parse options (environment lookup, expansion limit), or null.</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, IFileProvider? provider, string path, bool optional, bool reloadOnChange, HoconParseOptions? parseOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return builder.Add<HoconFileConfigurationSource>(s =>
        {
            s.FileProvider = provider;
            s.Path = path;
            s.Optional = optional;
            s.ReloadOnChange = reloadOnChange;
            s.ParseOptions = parseOptions;
            s.ResolveFileProvider();
        });
    }

    /// <summary>Adds HOCON text.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="text">The HOCON text.</param>
    /// <param name="originName">The name used in origins and errors, or null.</param>
    /// <param name="parseOptions">Parse options (set a base directory for includes), or null.</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddHoconString(this IConfigurationBuilder builder, string text, string? originName = null, HoconParseOptions? parseOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(text);
        return builder.Add(new HoconStringConfigurationSource { Text = text, OriginName = originName, ParseOptions = parseOptions });
    }
}
