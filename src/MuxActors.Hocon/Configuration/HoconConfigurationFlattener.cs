using System.Globalization;

namespace MuxActors.Hocon;

/// <summary>
/// Flattens a resolved tree into configuration keys joined with ':' (array elements by index), the
/// way the JSON provider does, so the Options pattern binds it. Empty objects and arrays become a
/// key with a null value, so the section still exists.
/// </summary>
internal static class HoconConfigurationFlattener
{
    public static Dictionary<string, string?> Flatten(HoconObject root)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in root.FieldList)
        {
            Visit(field.Value, field.Key, data);
        }

        return data;
    }

    // Each level's key is built once from its parent's, rather than joining the whole path per leaf.
    private static void Visit(HoconValue value, string key, Dictionary<string, string?> data)
    {
        switch (value)
        {
            case HoconObject o:
                if (o.Count == 0)
                {
                    data[key] = null;
                    return;
                }

                foreach (var field in o.FieldList)
                {
                    Visit(field.Value, string.Concat(key, ":", field.Key), data);
                }

                break;
            case HoconArray a:
                if (a.Count == 0)
                {
                    data[key] = null;
                    return;
                }

                for (var i = 0; i < a.Count; i++)
                {
                    Visit(a.Items[i], string.Concat(key, ":", i.ToString(CultureInfo.InvariantCulture)), data);
                }

                break;
            case HoconScalar s:
                data[key] = s.AsString();
                break;
        }
    }
}
