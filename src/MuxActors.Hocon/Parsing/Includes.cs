using System.Text;

namespace MuxActors.Hocon;

/// <summary>Include handling: locating files, formats by extension, cycle detection, bounded reads.</summary>
internal sealed partial class ParseSession
{
    /// <summary>Refuse files larger than this many characters (also stops reads of endless devices).</summary>
    public const int MaxFileChars = 64 * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly List<string> _files = [];

    /// <summary>
    /// Loads what an include statement names. Returns null when a non-required include finds nothing
    /// (the spec says a missing include is silently ignored).
    /// </summary>
    public HoconObject? Include(IncludeTarget target, string? directory, string[] prefix, bool unaddressable)
    {
        switch (target.Kind)
        {
            case IncludeKind.Url:
                throw new HoconException(target.Origin, null, "url(...) includes are not supported; include a file instead");
            case IncludeKind.Classpath:
                throw new HoconException(target.Origin, null, "classpath(...) includes are not supported; include a file instead");
            case IncludeKind.Heuristic when LooksLikeUrl(target.Name):
                throw new HoconException(target.Origin, null, $"URL includes are not supported ('{target.Name}'); include a file instead");
        }

        if (target.Name.Length == 0)
        {
            throw new HoconException(target.Origin, null, "include names an empty file name");
        }

        if (_files.Count >= MaxIncludeDepth)
        {
            throw new HoconException(target.Origin, null, $"includes nested deeper than {MaxIncludeDepth} files");
        }

        string full;
        try
        {
            // Relative names are relative to the including file, never to the working directory
            // (a parsed string uses HoconParseOptions.BaseDirectory, or the working directory without one).
            var baseDirectory = Path.GetFullPath(directory ?? Options.BaseDirectory ?? Directory.GetCurrentDirectory());
            full = Path.GetFullPath(target.Name, baseDirectory);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or IOException)
        {
            throw new HoconException(target.Origin, null, $"invalid include file name '{target.Name}': {e.Message}", e);
        }

        List<string> tried;
        if (Path.HasExtension(target.Name))
        {
            tried = [full];
        }
        else
        {
            // No extension: load every format present, HOCON last so it wins (spec order).
            tried = [full + ".properties", full + ".json", full + ".conf"];
        }

        var found = tried.Where(File.Exists).ToList();
        if (found.Count == 0 && tried.Count > 1 && File.Exists(full))
        {
            found.Add(full);
        }

        if (found.Count == 0)
        {
            if (target.Required)
            {
                throw new HoconException(target.Origin, null, $"required include '{target.Name}' not found (looked for {string.Join(", ", tried)})");
            }

            return null;
        }

        HoconObject? merged = null;
        foreach (var file in found)
        {
            var value = ParseFile(file, target.Origin, prefix, unaddressable);
            if (value is not HoconObject obj)
            {
                throw new HoconException(value.Origin, null, "an included file must contain an object, not an array");
            }

            if (merged is null)
            {
                merged = obj;
            }
            else
            {
                foreach (var field in obj.FieldList)
                {
                    Merger.MergeField(merged, field.Key, field.Value);
                }
            }
        }

        return merged;
    }

    /// <summary>Parses one file (HOCON, JSON through the HOCON parser, or Java properties) without resolving it.</summary>
    public HoconValue ParseFile(string fullPath, HoconOrigin? includedFrom, string[]? prefix, bool unaddressable = false)
    {
        if (_files.Contains(fullPath, StringComparer.Ordinal))
        {
            var chain = string.Join(" -> ", _files.SkipWhile(f => !string.Equals(f, fullPath, StringComparison.Ordinal)).Append(fullPath));
            throw new HoconException(includedFrom, null, $"include cycle: {chain}");
        }

        var text = ReadFile(fullPath, includedFrom);
        _files.Add(fullPath);
        try
        {
            if (string.Equals(Path.GetExtension(fullPath), ".properties", StringComparison.OrdinalIgnoreCase))
            {
                return PropertiesParser.Parse(text, fullPath);
            }

            return new Parser(text, fullPath, Path.GetDirectoryName(fullPath), this, prefix, unaddressable).ParseDocument();
        }
        finally
        {
            _files.RemoveAt(_files.Count - 1);
        }
    }

    private static string ReadFile(string fullPath, HoconOrigin? includedFrom)
    {
        try
        {
            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.SequentialScan);
            using var reader = new StreamReader(stream, StrictUtf8, detectEncodingFromByteOrderMarks: true);
            var sb = new StringBuilder(stream.CanSeek ? (int)Math.Min(stream.Length, MaxFileChars) : 4096);
            var buffer = new char[16384];
            int n;
            while ((n = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (sb.Length + n > MaxFileChars)
                {
                    throw new HoconException(includedFrom, null, $"'{fullPath}' is larger than {MaxFileChars} characters");
                }

                sb.Append(buffer, 0, n);
            }

            return sb.ToString();
        }
        catch (DecoderFallbackException e)
        {
            throw new HoconException(includedFrom, null, $"'{fullPath}' is not valid UTF-8", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new HoconException(includedFrom, null, $"cannot read '{fullPath}': {e.Message}", e);
        }
    }

    private static bool LooksLikeUrl(string name)
    {
        var colon = name.IndexOf("://", StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        for (var i = 0; i < colon; i++)
        {
            if (!char.IsAsciiLetterOrDigit(name[i]) && name[i] is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
