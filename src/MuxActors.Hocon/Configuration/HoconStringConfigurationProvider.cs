using Microsoft.Extensions.Configuration;

namespace MuxActors.Hocon;

/// <summary>Loads HOCON text into <see cref="IConfiguration"/>; errors are thrown as <see cref="HoconException"/>.</summary>
public sealed class HoconStringConfigurationProvider : ConfigurationProvider
{
    private readonly HoconStringConfigurationSource _source;

    /// <summary>Creates the provider.</summary>
    /// <param name="source">The source.</param>
    public HoconStringConfigurationProvider(HoconStringConfigurationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
    }

    /// <summary>The resolved tree of the last load, so callers can report origins.</summary>
    public HoconObject? Root { get; private set; }

    /// <inheritdoc/>
    public override void Load()
    {
        var root = HoconParser.ParseString(_source.Text, _source.OriginName, _source.ParseOptions);
        Data = HoconConfigurationFlattener.Flatten(root);
        Root = root;
    }
}

/// <summary>HOCON text as an <see cref="IConfigurationSource"/>.</summary>
public sealed class HoconStringConfigurationSource : IConfigurationSource
{
    /// <summary>The HOCON text.</summary>
    public string Text { get; set; } = string.Empty;

    /// <summary>The name origins and errors use; null shows as <c>&lt;string&gt;</c>.</summary>
    public string? OriginName { get; set; }

    /// <summary>Options for parsing (environment, base directory for includes). Null means defaults.</summary>
    public HoconParseOptions? ParseOptions { get; set; }

    /// <inheritdoc/>
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconStringConfigurationProvider(this);
}
