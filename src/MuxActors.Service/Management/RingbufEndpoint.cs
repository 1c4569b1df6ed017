using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Akka.Actor;
using MuxActors.Chardevs.Sinks;
using MuxActors.Core.Mux;

namespace MuxActors.Service.Management;

/// <summary>
/// <c>GET /v1/muxes/{mux}/ringbuf/{id}[?size=N][&amp;format=utf8|base64]</c>: what a <c>ringbuf</c> backend holds, like
/// QMP's <c>ringbuf-read</c> (the ring keeps its contents; <c>size</c> takes only the most recent bytes).
/// </summary>
internal sealed class RingbufEndpoint(ManagementContext api)
{
    /// <summary>Handles the request.</summary>
    public async Task ReadAsync(HttpContext context)
    {
        var name = ManagementContext.Route(context, "mux");
        var id = ManagementContext.Route(context, "id");
        var format = context.Request.Query["format"].ToString() is { Length: > 0 } given ? given : "utf8";
        if (format is not ("utf8" or "base64"))
        {
            await ApiResponses.Error(context, "invalid", $"query parameter 'format' must be utf8 or base64 (was '{format}')").ConfigureAwait(false);
            return;
        }
        if (!ManagementContext.TryQueryLong(context, "size", out var size, out var error) || size > int.MaxValue)
        {
            await ApiResponses.Error(context, "invalid", error ?? "query parameter 'size' is too large").ConfigureAwait(false);
            return;
        }
        if (await api.FindMuxAsync(name).ConfigureAwait(false) is not { } mux)
        {
            await ManagementContext.MuxNotFound(context, name).ConfigureAwait(false);
            return;
        }
        var chardevs = await api.ChardevsAsync().ConfigureAwait(false);
        var entry = chardevs.Chardevs.FirstOrDefault(c => c.Mux == name && c.LocalId == id);
        if (entry is null)
        {
            await ApiResponses.Error(context, "not-found", $"Chardev '{id}' not found in mux '{name}'").ConfigureAwait(false);
            return;
        }
        if (entry.Type != "ringbuf")
        {
            await ApiResponses.Error(context, "invalid", $"Chardev '{id}' is not a ringbuf (its type is {entry.Type})").ConfigureAwait(false);
            return;
        }
        var reply = await mux.Ask<object>(new ForwardToChardev(id, new ReadRingbuf((int?)size)), ManagementContext.AskTimeout).ConfigureAwait(false);
        switch (reply)
        {
            case RingbufContents contents:
                var data = format == "base64" ? Convert.ToBase64String(contents.Data) : Encoding.UTF8.GetString(contents.Data);
                await ApiResponses.Json(context, StatusCodes.Status200OK,
                    new RingbufView(name, id, format, data, contents.Data.Length, contents.TotalWritten),
                    ManagementJson.Api.RingbufView).ConfigureAwait(false);
                break;
            case MuxCommandResult result:
                await ApiResponses.Result(context, result).ConfigureAwait(false);
                break;
            default:
                await ApiResponses.Error(context, "internal",
                    string.Create(CultureInfo.InvariantCulture, $"Chardev '{id}' answered with {reply.GetType().Name}")).ConfigureAwait(false);
                break;
        }
    }
}
