using System.Buffers;
using System.Text;
using System.Text.Json;
using MuxActors.Hocon;

namespace MuxActors.Service.Management;

/// <summary>
/// Turns request bodies into the configuration they stand for, so that a chardev or mux added at run time is read and
/// validated by exactly the code that reads the configuration file. JSON is HOCON; nothing from the request is ever
/// substituted or included.
/// </summary>
internal static class HoconRequests
{
    /// <summary>The origin name of request values: a file name in the configuration's folder, so relative paths resolve there.</summary>
    public static string OriginName(string configDirectory) => Path.Combine(configDirectory, "(management API)");

    /// <summary><c>muxactors.chardevs.ID { type = TYPE, ...options }</c>.</summary>
    public static HoconConfig Chardev(string id, string type, JsonElement? options, string originName) =>
        Parse(writer =>
        {
            writer.WriteStartObject("muxactors");
            writer.WriteStartObject("chardevs");
            writer.WriteStartObject(id);
            writer.WriteString("type", type);
            if (options is { ValueKind: JsonValueKind.Object } block)
            {
                foreach (var option in block.EnumerateObject())
                    option.WriteTo(writer);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }, originName);

    /// <summary>
    /// <c>muxactors { defaults = (the running ones), muxes.NAME { ...fields } }</c>: every field of <paramref name="body"/>
    /// but <paramref name="skip"/> is a key of the mux.
    /// </summary>
    public static HoconConfig Mux(string name, JsonElement body, string skip, HoconConfig? running, string originName) =>
        Parse(writer =>
        {
            writer.WriteStartObject("muxactors");
            if (running is not null && running.HasPath("muxactors.defaults"))
            {
                writer.WritePropertyName("defaults");
                writer.WriteRawValue(running.GetObject("muxactors.defaults").ToString(), skipInputValidation: false);
            }
            writer.WriteStartObject("muxes");
            writer.WriteStartObject(name);
            foreach (var field in body.EnumerateObject().Where(f => f.Name != skip))
                field.WriteTo(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }, originName);

    private static HoconConfig Parse(Action<Utf8JsonWriter> write, string originName)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        return new HoconConfig(HoconParser.ParseString(text, originName, new HoconParseOptions { Environment = _ => null }));
    }
}
