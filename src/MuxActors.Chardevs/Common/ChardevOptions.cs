using MuxActors.Hocon;

namespace MuxActors.Chardevs.Common;

/// <summary>
/// Helpers for reading chardev options that the typed <see cref="HoconConfig"/> getters do not cover: paths relative
/// to the configuration file that wrote them, <c>HOST:PORT</c> pairs, and errors that name the key like the getters do.
/// </summary>
public static class ChardevOptions
{
    /// <summary>
    /// Reads the path at <paramref name="key"/> and makes it absolute: a relative path is resolved against the directory
    /// of the configuration file that defined the value, or against the current directory when it came from no file.
    /// </summary>
    public static string ResolvePath(HoconConfig options, string key)
    {
        ArgumentNullException.ThrowIfNull(options);
        var raw = options.GetString(key);
        if (raw.Length == 0)
            throw Error(options, key, "must not be empty");
        if (raw.Contains('\0', StringComparison.Ordinal))
            throw Error(options, key, "must not contain a NUL character");
        if (Path.IsPathRooted(raw))
            return Path.GetFullPath(raw);
        var file = options.GetValue(key)?.Origin.File;
        // String configurations carry an origin name, not a file: only a rooted name is a real place.
        var baseDirectory = file is not null && Path.IsPathRooted(file) ? Path.GetDirectoryName(file) : null;
        return Path.GetFullPath(raw, baseDirectory ?? Directory.GetCurrentDirectory());
    }

    /// <summary>
    /// Splits <c>HOST:PORT</c> (IPv6 hosts in brackets: <c>[::1]:7001</c>; an empty host is allowed, <c>:7001</c>).
    /// Throws a <see cref="HoconException"/> naming <paramref name="key"/> when the text is malformed.
    /// </summary>
    public static (string Host, int Port) ReadHostPort(HoconConfig options, string key)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = options.GetString(key).Trim();
        string host, port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
                throw Error(options, key, $"'{text}' is not HOST:PORT (write IPv6 addresses as [ADDRESS]:PORT)");
            host = text[1..close];
            port = text[(close + 2)..];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0 || text.IndexOf(':', StringComparison.Ordinal) != colon)
                throw Error(options, key, $"'{text}' is not HOST:PORT (write IPv6 addresses as [ADDRESS]:PORT)");
            host = text[..colon];
            port = text[(colon + 1)..];
        }
        if (!int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number > 65535)
            throw Error(options, key, $"'{port}' in '{text}' is not a port number (0 to 65535)");
        return (host, number);
    }

    /// <summary>Reads a port number (0 to 65535) at <paramref name="key"/>.</summary>
    public static int ReadPort(HoconConfig options, string key)
    {
        ArgumentNullException.ThrowIfNull(options);
        var port = options.GetInt32(key);
        return port is >= 0 and <= 65535 ? port : throw Error(options, key, $"{port} is not a port number (0 to 65535)");
    }

    /// <summary>An error about the option at <paramref name="key"/>, naming its full key path and where it was written.</summary>
    public static HoconException Error(HoconConfig options, string key, string problem)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.PathPrefix.Length == 0 ? key : options.PathPrefix + "." + key;
        var origin = options.GetValue(key)?.Origin ?? options.Root.Origin;
        return new HoconException(origin, path, $"key '{path}': {problem}");
    }
}
