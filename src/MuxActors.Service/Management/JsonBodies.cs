using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MuxActors.Service.Management;

/// <summary>Reading request bodies: one JSON object, known fields only, each problem named by its field.</summary>
internal static class JsonBodies
{
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 32 };

    /// <summary>Reads the body as a JSON object, or says what is wrong with it.</summary>
    public static async Task<(JsonElement Body, string? Error)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, s_options, cancellationToken).ConfigureAwait(false);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (default, $"the request body must be a JSON object (it is {Describe(document.RootElement)})");
            return (document.RootElement.Clone(), CheckDuplicates(document.RootElement));
        }
        catch (JsonException ex)
        {
            return (default, "the request body is not valid JSON: " + ex.Message);
        }
    }

    /// <summary>The first field of <paramref name="body"/> not in <paramref name="known"/>, as an error, or <c>null</c>.</summary>
    public static string? UnknownField(JsonElement body, IReadOnlyCollection<string> known)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (!known.Contains(property.Name))
                return $"unknown field '{property.Name}' (known fields: {string.Join(", ", known)})";
        }
        return null;
    }

    /// <summary>Reads a string field; a missing required field or a value of another type is an error naming it.</summary>
    public static bool TryString(JsonElement body, string field, bool required, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (!body.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (required)
                error = $"field '{field}' is missing";
            return !required;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            error = $"field '{field}' must be a string (it is {Describe(element)})";
            return false;
        }
        value = element.GetString();
        if (required && string.IsNullOrEmpty(value))
        {
            error = $"field '{field}' must not be empty";
            return false;
        }
        return true;
    }

    /// <summary>A short noun for a JSON value, for error messages.</summary>
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string? CheckDuplicates(JsonElement body)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            if (!seen.Add(property.Name))
                return $"field '{property.Name}' is given twice";
        }
        return null;
    }
}
