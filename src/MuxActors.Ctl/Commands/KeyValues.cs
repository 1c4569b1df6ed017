using System.Text.Json;
using System.Text.Json.Nodes;
using MuxActors.Ctl.Api;

namespace MuxActors.Ctl.Commands;

/// <summary>
/// <c>KEY=VALUE</c> words as a JSON object of chardev keys: dotted keys nest (<c>output.high-water=1MiB</c>), values that
/// are JSON numbers, booleans, arrays or objects stay so (<c>command=["/bin/sh"]</c>), anything else is a string.
/// </summary>
internal static class KeyValues
{
    public static JsonObject ToObject(IEnumerable<string> words)
    {
        var result = new JsonObject();
        foreach (var word in words)
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new CtlException($"'{word}' is not KEY=VALUE");
            var path = word[..equals].Split('.');
            var target = result;
            foreach (var part in path[..^1])
            {
                if (target[part] is not JsonObject next)
                    target[part] = next = new JsonObject();
                target = next;
            }
            target[path[^1]] = Value(word[(equals + 1)..]);
        }
        return result;
    }

    private static JsonNode? Value(string text)
    {
        if (text.Length > 0 && (text[0] is '[' or '{' or '-' or (>= '0' and <= '9')) || text is "true" or "false")
        {
            try
            {
                var node = JsonNode.Parse(text);
                if (node is not null)
                    return node;
            }
            catch (JsonException)
            {
                // not JSON after all: "16KiB", "-" and the like are strings
            }
        }
        return JsonValue.Create(text);
    }
}
