using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Akka.Actor;

namespace MuxActors.Service.Management;

/// <summary>What runs around every endpoint: failures as JSON errors, and the bearer token check on TCP.</summary>
internal static class ApiMiddleware
{
    /// <summary>Turns failures into <c>{ "error", "code" }</c> answers instead of stack traces.</summary>
    public static async Task HandleErrorsAsync(HttpContext context, RequestDelegate next, ILogger log)
    {
        try
        {
            await next(context).ConfigureAwait(false);
            // Routing answers unknown paths and methods with an empty body: give them the API's error form too.
            if (context.Response.HasStarted)
                return;
            if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed)
                await ApiResponses.Error(context, "not-allowed", $"{context.Request.Method} is not allowed on {context.Request.Path}").ConfigureAwait(false);
            else if (context.Response.StatusCode == StatusCodes.Status404NotFound)
                await ApiResponses.Error(context, "not-found", $"no such endpoint: {context.Request.Method} {context.Request.Path}").ConfigureAwait(false);
        }
        catch (AskTimeoutException ex) when (!context.Response.HasStarted)
        {
            log.LogWarning("Management API: {Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, ex.Message);
            await ApiResponses.Error(context, "timeout", "the service did not answer in time; try again").ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            var code = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? "too-large" : "invalid";
            await ApiResponses.Error(context, code, "bad request: " + ex.Message).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
        {
            log.LogError(ex, "Management API: {Method} {Path} failed", context.Request.Method, context.Request.Path);
            await ApiResponses.Error(context, "internal", "internal error: " + ex.Message).ConfigureAwait(false);
        }
    }

    /// <summary>A check of <c>Authorization: Bearer TOKEN</c> that takes the same time whatever is sent.</summary>
    public static Func<HttpContext, RequestDelegate, Task> RequireToken(string token)
    {
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return async (context, next) =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            var given = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
            // Hashing first makes the comparison independent of the length of what was sent.
            if (CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), expected))
            {
                await next(context).ConfigureAwait(false);
                return;
            }
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await ApiResponses.Error(context, "unauthorized", "missing or wrong bearer token (send Authorization: Bearer TOKEN)").ConfigureAwait(false);
        };
    }
}
