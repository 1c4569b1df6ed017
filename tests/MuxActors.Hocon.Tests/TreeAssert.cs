using System.Globalization;
using System.Text.Json;

namespace MuxActors.Hocon.Tests;

/// <summary>Compares a resolved HOCON tree with a JSON document, structurally (object key order ignored).</summary>
internal static class TreeAssert
{
    public static void Equal(JsonElement expected, HoconValue actual, string path = "")
    {
        var where = path.Length == 0 ? "<root>" : path;
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = Assert.IsType<HoconObject>(actual);
                var expectedKeys = expected.EnumerateObject().Select(p => p.Name).OrderBy(k => k, StringComparer.Ordinal).ToList();
                var actualKeys = obj.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
                Assert.True(expectedKeys.SequenceEqual(actualKeys),
                    $"keys differ at {where}: expected [{string.Join(", ", expectedKeys)}], got [{string.Join(", ", actualKeys)}]");
                foreach (var p in expected.EnumerateObject())
                {
                    Equal(p.Value, obj[p.Name], path.Length == 0 ? p.Name : path + "." + p.Name);
                }

                break;
            case JsonValueKind.Array:
                var arr = Assert.IsType<HoconArray>(actual);
                Assert.True(expected.GetArrayLength() == arr.Count, $"array length differs at {where}: expected {expected.GetArrayLength()}, got {arr.Count}");
                var i = 0;
                foreach (var item in expected.EnumerateArray())
                {
                    Equal(item, arr.Items[i], $"{where}[{i}]");
                    i++;
                }

                break;
            case JsonValueKind.String:
                var s = Assert.IsType<HoconScalar>(actual);
                Assert.True(s.Kind == HoconScalarKind.String, $"expected a string at {where}, got {s.Kind} {s.Text}");
                Assert.Equal(expected.GetString(), s.Text);
                break;
            case JsonValueKind.Number:
                var n = Assert.IsType<HoconScalar>(actual);
                Assert.True(n.Kind == HoconScalarKind.Number, $"expected a number at {where}, got {n.Kind} {n.Text}");
                Assert.Equal(
                    double.Parse(expected.GetRawText(), CultureInfo.InvariantCulture),
                    double.Parse(n.Text, CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                var b = Assert.IsType<HoconScalar>(actual);
                Assert.True(b.Kind == HoconScalarKind.Boolean, $"expected a boolean at {where}, got {b.Kind} {b.Text}");
                Assert.Equal(expected.ValueKind == JsonValueKind.True ? "true" : "false", b.Text);
                break;
            case JsonValueKind.Null:
                var z = Assert.IsType<HoconScalar>(actual);
                Assert.True(z.IsNull, $"expected null at {where}, got {z.Kind} {z.Text}");
                break;
            default:
                Assert.Fail($"unexpected JSON kind {expected.ValueKind} at {where}");
                break;
        }
    }

    /// <summary>Parses a HOCON string with no environment and compares it with JSON text.</summary>
    public static void Hocon(string expectedJson, string hocon, HoconParseOptions? options = null)
    {
        options ??= Options.NoEnvironment();
        var actual = HoconParser.ParseString(hocon, "test.conf", options);
        using var doc = JsonDocument.Parse(expectedJson);
        Equal(doc.RootElement, actual);
    }
}

internal static class Options
{
    public static HoconParseOptions NoEnvironment(string? baseDirectory = null) =>
        new() { Environment = _ => null, BaseDirectory = baseDirectory };

    public static HoconParseOptions WithEnvironment(params (string Name, string Value)[] vars) =>
        new() { Environment = name => vars.FirstOrDefault(v => v.Name == name).Value };
}
