using System.Text;

namespace MuxActors.Hocon;

/// <summary>Compact JSON rendering, for ToString and diagnostics.</summary>
internal static class HoconRenderer
{
    public static void Render(HoconValue value, StringBuilder sb, int depth = 0)
    {
        if (depth > 1000)
        {
            sb.Append("...");
            return;
        }

        switch (value)
        {
            case HoconObject o:
                sb.Append('{');
                for (var i = 0; i < o.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    AppendQuoted(sb, o.KeyAt(i));
                    sb.Append(':');
                    Render(o.ValueAt(i), sb, depth + 1);
                }

                sb.Append('}');
                break;
            case HoconArray a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    Render(a.Items[i], sb, depth + 1);
                }

                sb.Append(']');
                break;
            case HoconScalar { Kind: HoconScalarKind.String } s:
                AppendQuoted(sb, s.Text);
                break;
            case HoconScalar s:
                sb.Append(s.Text);
                break;
            case HoconSubstitution sub:
                sb.Append(sub.Display);
                break;
            case HoconConcatenation c:
                foreach (var part in c.Parts)
                {
                    Render(part, sb, depth + 1);
                }

                break;
            case HoconWhitespace w:
                sb.Append(w.Text);
                break;
            case HoconMergeStack m:
                sb.Append("merge(");
                for (var i = 0; i < m.Entries.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Render(m.Entries[i], sb, depth + 1);
                }

                sb.Append(')');
                break;
            default:
                sb.Append("<nothing>");
                break;
        }
    }

    /// <summary>Appends a JSON string literal.</summary>
    public static void AppendQuoted(StringBuilder sb, string text)
    {
        sb.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
