using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using MuxActors.Core.Mux;

namespace MuxActors.Service.Management;

/// <summary>Writing API answers: JSON bodies, and errors as <c>{ "error": ..., "code": ... }</c> with a matching status.</summary>
internal static class ApiResponses
{
    /// <summary>Writes <paramref name="value"/> as JSON with <paramref name="status"/>.</summary>
    public static Task Json<T>(HttpContext context, int status, T value, JsonTypeInfo<T> type)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(value, type, contentType: null, context.RequestAborted);
    }

    /// <summary>Writes an error; the status follows from <paramref name="code"/>.</summary>
    public static Task Error(HttpContext context, string code, string message) =>
        Json(context, StatusFor(code), new ErrorBody(message, code), ManagementJson.Api.ErrorBody);

    /// <summary>204 on success, else the command's error.</summary>
    public static Task Result(HttpContext context, MuxCommandResult result)
    {
        if (!result.Ok)
            return Error(context, result.Code ?? "internal", result.Error ?? "the command failed");
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary>The HTTP status of an error code: the codes of <see cref="MuxCommandResult"/> plus the API's own.</summary>
    public static int StatusFor(string code) => code switch
    {
        "invalid" => StatusCodes.Status400BadRequest,
        "unauthorized" => StatusCodes.Status401Unauthorized,
        "not-found" => StatusCodes.Status404NotFound,
        "not-allowed" => StatusCodes.Status405MethodNotAllowed,
        "conflict" or "busy" or "limit" or "unavailable" => StatusCodes.Status409Conflict,
        "too-large" => StatusCodes.Status413PayloadTooLarge,
        "timeout" => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
