using System.Globalization;
using System.Text;

namespace MuxActors.Hocon;

/// <summary>
/// Java <c>.properties</c> files, mapped as the spec says: keys split on every '.', values always strings,
/// and where a key is both a value and a parent object the object wins.
/// </summary>
internal static class PropertiesParser
{
    public static HoconObject Parse(string text, string? file)
    {
        var root = new HoconObject(new HoconOrigin(file, 1, 1));
        var pos = 0;
        var line = 1;
        while (pos < text.Length)
        {
            var startLine = line;
            SkipBlank(text, ref pos);
            if (pos >= text.Length)
            {
                break;
            }

            var c = text[pos];
            if (c is '\n' or '\r')
            {
                SkipLineEnd(text, ref pos, ref line);
                continue;
            }

            if (c is '#' or '!')
            {
                while (pos < text.Length && text[pos] is not ('\n' or '\r'))
                {
                    pos++;
                }

                continue;
            }

            var origin = new HoconOrigin(file, startLine, 1);
            var key = ReadPart(text, ref pos, ref line, isKey: true, origin);
            SkipBlank(text, ref pos);
            if (pos < text.Length && text[pos] is '=' or ':')
            {
                pos++;
                SkipBlank(text, ref pos);
            }

            var value = ReadPart(text, ref pos, ref line, isKey: false, origin);
            Insert(root, key.Split('.'), HoconScalar.String(origin, value), origin);
        }

        return root;
    }

    private static void Insert(HoconObject root, string[] path, HoconScalar value, HoconOrigin origin)
    {
        if (path.Length > ParseSession.MaxNesting)
        {
            throw new HoconException(origin, null, $"property key has more than {ParseSession.MaxNesting} path elements");
        }

        var obj = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            var idx = obj.IndexOf(path[i]);
            if (idx >= 0 && obj.ValueAt(idx) is HoconObject child)
            {
                obj = child;
                continue;
            }

            // The object wins over a string at the same path.
            var created = new HoconObject(origin);
            if (idx >= 0)
            {
                obj.SetAt(idx, created);
            }
            else
            {
                obj.Add(path[i], created);
            }

            obj = created;
        }

        var last = obj.IndexOf(path[^1]);
        if (last < 0)
        {
            obj.Add(path[^1], value);
        }
        else if (obj.ValueAt(last) is not HoconObject)
        {
            obj.SetAt(last, value);
        }
    }

    private static void SkipBlank(string s, ref int pos)
    {
        while (pos < s.Length && s[pos] is ' ' or '\t' or '\f')
        {
            pos++;
        }
    }

    private static void SkipLineEnd(string s, ref int pos, ref int line)
    {
        if (s[pos] == '\r' && pos + 1 < s.Length && s[pos + 1] == '\n')
        {
            pos++;
        }

        pos++;
        line++;
    }

    /// <summary>Reads a key (up to an unescaped separator or blank) or a value (to the end of the logical line).</summary>
    private static string ReadPart(string s, ref int pos, ref int line, bool isKey, HoconOrigin origin)
    {
        var sb = new StringBuilder();
        while (pos < s.Length)
        {
            var c = s[pos];
            if (c is '\n' or '\r')
            {
                if (!isKey)
                {
                    SkipLineEnd(s, ref pos, ref line);
                }

                break;
            }

            if (isKey && c is '=' or ':' or ' ' or '\t' or '\f')
            {
                break;
            }

            if (c != '\\')
            {
                sb.Append(c);
                pos++;
                continue;
            }

            pos++;
            if (pos >= s.Length)
            {
                break;
            }

            var e = s[pos];
            if (e is '\n' or '\r')
            {
                // Line continuation: the next line's leading blanks are dropped.
                SkipLineEnd(s, ref pos, ref line);
                SkipBlank(s, ref pos);
                continue;
            }

            pos++;
            switch (e)
            {
                case 't':
                    sb.Append('\t');
                    break;
                case 'n':
                    sb.Append('\n');
                    break;
                case 'r':
                    sb.Append('\r');
                    break;
                case 'f':
                    sb.Append('\f');
                    break;
                case 'u':
                    if (pos + 4 > s.Length || !int.TryParse(s.AsSpan(pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw new HoconException(origin with { Line = line }, null, "malformed \\uXXXX escape in properties file");
                    }

                    sb.Append((char)code);
                    pos += 4;
                    break;
                default:
                    sb.Append(e);
                    break;
            }
        }

        return sb.ToString();
    }
}
