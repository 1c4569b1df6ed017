namespace MuxActors.Hocon;

/// <summary>Parses HOCON (and JSON, and Java properties files by extension) into a fully resolved tree.</summary>
public static class HoconParser
{
    /// <summary>Parses and resolves a file. <c>.properties</c> files are read as Java properties; anything else as HOCON.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="options">Parse options; defaults when null.</param>
    /// <returns>The resolved root object.</returns>
    /// <exception cref="HoconException">The file is missing, unreadable or invalid, or a substitution cannot be resolved.</exception>
    public static HoconObject ParseFile(string path, HoconParseOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new HoconParseOptions();
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new HoconException(null, null, $"invalid configuration file name '{path}': {e.Message}", e);
        }

        if (!File.Exists(full))
        {
            throw new HoconException(null, null, $"configuration file '{full}' not found");
        }

        var session = new ParseSession(options, options.MaxExpansion);
        return Finish(session.ParseFile(full, includedFrom: null, prefix: null), session);
    }

    /// <summary>Parses and resolves HOCON text.</summary>
    /// <param name="text">The HOCON text.</param>
    /// <param name="originName">The name errors and origins use instead of a file name; null shows as <c>&lt;string&gt;</c>.</param>
    /// <param name="options">Parse options (set <see cref="HoconParseOptions.BaseDirectory"/> for includes); defaults when null.</param>
    /// <returns>The resolved root object.</returns>
    /// <exception cref="HoconException">The text is invalid, or a substitution or required include cannot be resolved.</exception>
    public static HoconObject ParseString(string text, string? originName = null, HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= new HoconParseOptions();
        var session = new ParseSession(options, options.MaxExpansion);
        var root = new Parser(text, originName, directory: null, session, includePrefix: null).ParseDocument();
        return Finish(root, session);
    }

    private static HoconObject Finish(HoconValue root, ParseSession session)
    {
        if (root is not HoconObject obj)
        {
            throw new HoconException(root.Origin, null, "the root of a configuration must be an object, not an array");
        }

        Resolver.Resolve(obj, session.Options.Environment, session.Budget);
        return obj;
    }
}
