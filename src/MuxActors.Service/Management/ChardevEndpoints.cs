using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Akka.Actor;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Config;
using MuxActors.Core.Mux;
using MuxActors.Hocon;

namespace MuxActors.Service.Management;

/// <summary><c>/v1/chardevs</c>: list, add (optionally joining a running mux with <c>mux-be-id</c>) and remove chardevs.</summary>
internal sealed class ChardevEndpoints(ManagementContext api, string configDirectory)
{
    private static readonly string[] s_fields = ["id", "type", "options", "mux-be-id"];

    /// <summary><c>GET /v1/chardevs</c>.</summary>
    public async Task ListAsync(HttpContext context)
    {
        var list = await api.ChardevsAsync().ConfigureAwait(false);
        await ApiResponses.Json(context, StatusCodes.Status200OK,
            new ChardevListView([.. list.Chardevs.Select(c => new ChardevView(c.Id, c.Type, c.Mux, c.LocalId, c.Role))]),
            ManagementJson.Api.ChardevListView).ConfigureAwait(false);
    }

    /// <summary><c>POST /v1/chardevs</c> with <c>{"id", "type", "options", "mux-be-id"}</c>.</summary>
    public async Task AddAsync(HttpContext context)
    {
        var (body, error) = await JsonBodies.ReadObjectAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        error ??= JsonBodies.UnknownField(body, s_fields);
        string? id = null, type = null, muxBeId = null;
        if (error is null)
        {
            _ = JsonBodies.TryString(body, "id", required: true, out id, out error)
                && JsonBodies.TryString(body, "type", required: true, out type, out error)
                && JsonBodies.TryString(body, "mux-be-id", required: false, out muxBeId, out error);
        }
        JsonElement? options = null;
        if (error is null && body.TryGetProperty("options", out var given) && given.ValueKind != JsonValueKind.Null)
        {
            options = given;
            error = CheckOptions(given);
        }
        error ??= CheckId(id!);
        if (error is not null)
        {
            await ApiResponses.Error(context, "invalid", error).ConfigureAwait(false);
            return;
        }

        var (spec, errors) = Read(id!, type!, options);
        if (spec is null)
        {
            await ApiResponses.Error(context, "invalid", string.Join("; ", errors)).ConfigureAwait(false);
            return;
        }
        var result = await api.Root.Ask<MuxCommandResult>(new AddChardev(spec, muxBeId), ManagementContext.AskTimeout).ConfigureAwait(false);
        if (!result.Ok)
        {
            await ApiResponses.Result(context, result).ConfigureAwait(false);
            return;
        }
        context.Response.Headers.Location = "/v1/chardevs/" + Uri.EscapeDataString(id!);
        await ApiResponses.Json(context, StatusCodes.Status201Created, new ChardevView(id!, spec.Type, muxBeId, id!, "backend"),
            ManagementJson.Api.ChardevView).ConfigureAwait(false);
    }

    /// <summary><c>DELETE /v1/chardevs/{id}</c>: refused (busy) while the chardev is a mux member.</summary>
    public async Task RemoveAsync(HttpContext context)
    {
        var id = ManagementContext.Route(context, "id");
        var result = await api.Root.Ask<MuxCommandResult>(new RemoveChardev(id), ManagementContext.AskTimeout).ConfigureAwait(false);
        await ApiResponses.Result(context, result).ConfigureAwait(false);
    }

    private (Core.Chardevs.ChardevSpec? Spec, IEnumerable<string> Errors) Read(string id, string type, JsonElement? options)
    {
        try
        {
            var root = HoconRequests.Chardev(id, type, options, HoconRequests.OriginName(configDirectory));
            var block = root.GetConfig(HoconPath.Render(["muxactors", "chardevs", id]));
            var (spec, errors) = new ServiceConfigReader(api.Registry).TryReadBackend(id, block, api.Service.Current?.Root);
            return (spec, errors.Select(Describe));
        }
        catch (HoconException ex)
        {
            return (null, [Describe(ConfigError.From(ex))]);
        }
    }

    /// <summary>Errors of request values have no useful file position; the key path says where.</summary>
    internal static string Describe(ConfigError error) => (error with { Origin = null }).ToString();

    private static string? CheckOptions(JsonElement options)
    {
        if (options.ValueKind != JsonValueKind.Object)
            return $"field 'options' must be an object of the chardev's keys (it is {JsonBodies.Describe(options)})";
        foreach (var option in options.EnumerateObject())
        {
            if (option.Name is "type" or "mux-be-id")
                return $"field 'options.{option.Name}' is not allowed: give it as the top-level field '{option.Name}'";
            if (option.Name.Contains('.', StringComparison.Ordinal))
                return $"field 'options.{option.Name}': write nested keys as objects ({{\"{option.Name.Split('.')[0]}\": {{...}}}})";
        }
        return null;
    }

    private static string? CheckId(string id)
    {
        return ActorNames.Problem(id) is { } problem ? $"chardev id '{id}' is not usable: {problem}" : null;
    }
}
