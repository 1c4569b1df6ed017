using System.Globalization;
using System.Text;

namespace MuxActors.Hocon;

/// <summary>The key path being resolved, as a cheap linked list rendered only for error messages.</summary>
internal sealed class KeyPath(KeyPath? parent, string key, bool isIndex = false)
{
    public KeyPath? Parent { get; } = parent;

    public string Key { get; } = key;

    public bool IsIndex { get; } = isIndex;

    public static KeyPath Index(KeyPath? parent, int index) =>
        new(parent, index.ToString(CultureInfo.InvariantCulture), isIndex: true);

    public static string Render(KeyPath? path)
    {
        if (path is null)
        {
            return string.Empty;
        }

        var parts = new List<KeyPath>();
        for (var p = path; p is not null; p = p.Parent)
        {
            parts.Add(p);
        }

        var sb = new StringBuilder();
        for (var i = parts.Count - 1; i >= 0; i--)
        {
            var p = parts[i];
            if (p.IsIndex)
            {
                sb.Append('[').Append(p.Key).Append(']');
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append('.');
            }

            HoconPath.AppendElement(sb, p.Key);
        }

        return sb.ToString();
    }

    public override string ToString() => Render(this);
}
