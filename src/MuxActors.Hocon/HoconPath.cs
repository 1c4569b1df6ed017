using System.Text;

namespace MuxActors.Hocon;

/// <summary>HOCON path expressions (<c>a.b."c.d"</c>): parsing and rendering.</summary>
public static class HoconPath
{
    /// <summary>Parses a path expression into its elements; quoted elements may contain dots.</summary>
    /// <param name="path">The path, for example <c>mux.chardevs."ttyS0".baud</c>.</param>
    /// <returns>The elements.</returns>
    /// <exception cref="HoconException">The path is empty or malformed.</exception>
    public static string[] Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new Tokenizer(path, "<path>").ReadWholePath();
    }

    /// <summary>Renders path elements as a path expression, quoting elements that need it.</summary>
    /// <param name="elements">The elements.</param>
    /// <returns>The path expression.</returns>
    public static string Render(IEnumerable<string> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var sb = new StringBuilder();
        foreach (var e in elements)
        {
            if (sb.Length > 0)
            {
                sb.Append('.');
            }

            AppendElement(sb, e);
        }

        return sb.ToString();
    }

    internal static void AppendElement(StringBuilder sb, string element)
    {
        if (NeedsQuotes(element))
        {
            HoconRenderer.AppendQuoted(sb, element);
        }
        else
        {
            sb.Append(element);
        }
    }

    private static bool NeedsQuotes(string element)
    {
        if (element.Length == 0)
        {
            return true;
        }

        for (var i = 0; i < element.Length; i++)
        {
            var c = element[i];
            if (c == '.' || CharClass.IsForbidden(c) || CharClass.IsWhitespace(c) || (c == '/' && i + 1 < element.Length && element[i + 1] == '/'))
            {
                return true;
            }
        }

        return false;
    }
}
