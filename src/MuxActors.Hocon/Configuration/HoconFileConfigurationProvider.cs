using Microsoft.Extensions.Configuration;

namespace MuxActors.Hocon;

/// <summary>
/// Loads a HOCON file into <see cref="IConfiguration"/>. Includes are resolved relative to the file.
/// A parse error surfaces the way the JSON provider's do: as an <see cref="InvalidDataException"/>
/// whose <see cref="Exception.InnerException"/> is the <see cref="HoconException"/> (with file, line and column).
/// </summary>
public sealed class HoconFileConfigurationProvider : FileConfigurationProvider
{
    /// <summary>Creates the provider.</summary>
    /// <param name="source">The source.</param>
    public HoconFileConfigurationProvider(HoconFileConfigurationSource source)
        : base(source)
    {
        ParseOptions = source.ParseOptions;
    }

    /// <summary>The resolved tree of the last successful load, so callers can report origins.</summary>
    public HoconObject? Root { get; private set; }

    private HoconParseOptions? ParseOptions { get; }

    /// <inheritdoc/>
    public override void Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var physical = Source.FileProvider?.GetFileInfo(Source.Path ?? string.Empty).PhysicalPath;
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var options = ParseOptions ?? new HoconParseOptions();
        if (physical is not null)
        {
            // Includes are relative to the file itself.
            options = new HoconParseOptions
            {
                Environment = options.Environment,
                MaxExpansion = options.MaxExpansion,
                BaseDirectory = Path.GetDirectoryName(physical),
            };
        }

        var root = HoconParser.ParseString(text, physical ?? Source.Path, options);
        Data = HoconConfigurationFlattener.Flatten(root);
        Root = root;
    }
}

/// <summary>A HOCON file as an <see cref="IConfigurationSource"/>.</summary>
public sealed class HoconFileConfigurationSource : FileConfigurationSource
{
    /// <summary>Options for parsing (environment lookup, expansion limit). Null means defaults.</summary>
    public HoconParseOptions? ParseOptions { get; set; }

    /// <inheritdoc/>
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new HoconFileConfigurationProvider(this);
    }
}
