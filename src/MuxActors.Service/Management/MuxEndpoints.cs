using Microsoft.AspNetCore.Http;
using Akka.Actor;
using MuxActors.Core.Time;
using MuxActors.Core.Config;
using MuxActors.Core.Mux;
using MuxActors.Core.MuxFe;
using MuxActors.Hocon;

namespace MuxActors.Service.Management;

/// <summary><c>/v1/muxes</c>: status, add and remove muxes, detach a backend, send a BREAK.</summary>
internal sealed class MuxEndpoints(ManagementContext api, string configDirectory)
{
    /// <summary>The keys a mux block may have (besides <c>name</c>), as in the configuration file.</summary>
    private static readonly string[] s_fields = ["name", "type", "frontend", "backends", "output", "input", "restart", "notify", "max-backends",
        "backend", "frontends", "escape", "max-frontends", "timestamps", "exit-on-detach"];

    /// <summary><c>GET /v1/muxes</c>.</summary>
    public async Task ListAsync(HttpContext context)
    {
        var muxes = await api.Root.Ask<MuxList>(ListMuxes.Instance, ManagementContext.AskTimeout).ConfigureAwait(false);
        var chardevs = await api.ChardevsAsync().ConfigureAwait(false);
        var views = await Task.WhenAll(muxes.Muxes.OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => ViewAsync(m.Key, m.Value, chardevs))).ConfigureAwait(false);
        await ApiResponses.Json(context, StatusCodes.Status200OK, new MuxListView(views), ManagementJson.Api.MuxListView).ConfigureAwait(false);
    }

    /// <summary><c>GET /v1/muxes/{mux}</c>.</summary>
    public async Task GetAsync(HttpContext context)
    {
        var name = ManagementContext.Route(context, "mux");
        if (await api.FindMuxAsync(name).ConfigureAwait(false) is not { } mux)
        {
            await ManagementContext.MuxNotFound(context, name).ConfigureAwait(false);
            return;
        }
        var status = await mux.Ask<MuxStatus>(GetMuxStatus.Instance, ManagementContext.AskTimeout).ConfigureAwait(false);
        var view = MuxViews.From(status, await api.ChardevsAsync().ConfigureAwait(false), api.System.Clock().GetUtcNow());
        await ApiResponses.Json(context, StatusCodes.Status200OK, view, ManagementJson.Api.MuxView).ConfigureAwait(false);
    }

    /// <summary><c>POST /v1/muxes</c> with <c>{"name", "frontend", "backends", ...}</c>: the keys of a mux block.</summary>
    public async Task AddAsync(HttpContext context)
    {
        var (body, error) = await JsonBodies.ReadObjectAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        error ??= JsonBodies.UnknownField(body, s_fields);
        string? name = null;
        if (error is null)
            JsonBodies.TryString(body, "name", required: true, out name, out error);
        if (error is not null)
        {
            await ApiResponses.Error(context, "invalid", error).ConfigureAwait(false);
            return;
        }
        var (definition, errors) = Read(name!, body);
        if (definition is null)
        {
            await ApiResponses.Error(context, "invalid", string.Join("; ", errors)).ConfigureAwait(false);
            return;
        }
        var result = await api.Root.Ask<MuxCommandResult>(new AddMux(definition), ManagementContext.AskTimeout).ConfigureAwait(false);
        if (!result.Ok)
        {
            await ApiResponses.Result(context, result).ConfigureAwait(false);
            return;
        }
        context.Response.Headers.Location = "/v1/muxes/" + Uri.EscapeDataString(name!);
        await GetAsync(context, name!, StatusCodes.Status201Created).ConfigureAwait(false);
    }

    /// <summary><c>DELETE /v1/muxes/{mux}[?force=true]</c>: refused (busy) while the console is connected, unless forced.</summary>
    public async Task RemoveAsync(HttpContext context)
    {
        if (!ManagementContext.TryQueryBool(context, "force", out var force, out var error))
        {
            await ApiResponses.Error(context, "invalid", error!).ConfigureAwait(false);
            return;
        }
        var name = ManagementContext.Route(context, "mux");
        var result = await api.Root.Ask<MuxCommandResult>(new RemoveMux(name, force), ManagementContext.AskTimeout).ConfigureAwait(false);
        await ApiResponses.Result(context, result).ConfigureAwait(false);
    }

    /// <summary><c>DELETE /v1/muxes/{mux}/backends/{id}</c>: detach a backend; the chardev stays defined, unattached.</summary>
    public async Task DetachAsync(HttpContext context)
    {
        var detach = new DetachBackend(ManagementContext.Route(context, "mux"), ManagementContext.Route(context, "id"));
        var result = await api.Root.Ask<MuxCommandResult>(detach, ManagementContext.AskTimeout).ConfigureAwait(false);
        await ApiResponses.Result(context, result).ConfigureAwait(false);
    }

    /// <summary><c>POST /v1/muxes/{mux}/break</c>: a BREAK to the console.</summary>
    public async Task BreakAsync(HttpContext context)
    {
        var name = ManagementContext.Route(context, "mux");
        if (await api.FindMuxAsync(name).ConfigureAwait(false) is not { } mux)
        {
            await ManagementContext.MuxNotFound(context, name).ConfigureAwait(false);
            return;
        }
        var result = await mux.Ask<MuxCommandResult>(BreakConsole.Instance, ManagementContext.AskTimeout).ConfigureAwait(false);
        await ApiResponses.Result(context, result).ConfigureAwait(false);
    }

    /// <summary><c>POST /v1/muxes/{mux}/focus</c> with <c>{"console": "ID"}</c>: a mux-fe's input goes to that console.</summary>
    public async Task FocusAsync(HttpContext context)
    {
        var (body, error) = await JsonBodies.ReadObjectAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        error ??= JsonBodies.UnknownField(body, ["console"]);
        string? console = null;
        if (error is null)
            JsonBodies.TryString(body, "console", required: true, out console, out error);
        if (error is not null)
        {
            await ApiResponses.Error(context, "invalid", error).ConfigureAwait(false);
            return;
        }
        var name = ManagementContext.Route(context, "mux");
        if (await api.FindMuxAsync(name).ConfigureAwait(false) is not { } mux)
        {
            await ManagementContext.MuxNotFound(context, name).ConfigureAwait(false);
            return;
        }
        var status = await mux.Ask<MuxStatus>(GetMuxStatus.Instance, ManagementContext.AskTimeout).ConfigureAwait(false);
        var result = status.Kind == "mux-fe"
            ? await mux.Ask<MuxCommandResult>(new FocusConsole(console!), ManagementContext.AskTimeout).ConfigureAwait(false)
            : new MuxCommandResult(false, $"mux '{name}' is a mux-be: it has one console and no focus", "invalid");
        await ApiResponses.Result(context, result).ConfigureAwait(false);
    }

    private async Task GetAsync(HttpContext context, string name, int status)
    {
        var view = await api.FindMuxAsync(name).ConfigureAwait(false) is { } mux
            ? await ViewAsync(name, mux, await api.ChardevsAsync().ConfigureAwait(false)).ConfigureAwait(false)
            : MuxViews.NotResponding(name);
        await ApiResponses.Json(context, status, view, ManagementJson.Api.MuxView).ConfigureAwait(false);
    }

    private async Task<MuxView> ViewAsync(string name, IActorRef mux, ChardevList chardevs)
    {
        try
        {
            var status = await mux.Ask<MuxStatus>(GetMuxStatus.Instance, ManagementContext.AskTimeout).ConfigureAwait(false);
            return MuxViews.From(status, chardevs, api.System.Clock().GetUtcNow());
        }
        catch (AskTimeoutException)
        {
            return MuxViews.NotResponding(name); // one wedged or restarting mux must not hide the others
        }
    }

    private (MuxDefinition? Definition, IEnumerable<string> Errors) Read(string name, System.Text.Json.JsonElement body)
    {
        try
        {
            var root = HoconRequests.Mux(name, body, "name", api.Service.Current?.Root, HoconRequests.OriginName(configDirectory));
            var (config, errors) = new ServiceConfigReader(api.Registry).TryRead(root);
            if (config is null)
                return (null, errors.Select(ChardevEndpoints.Describe));
            return config.Muxes.Count == 1 ? (config.Muxes[0], []) : (null, [$"mux '{name}' could not be read"]);
        }
        catch (HoconException ex)
        {
            return (null, [ChardevEndpoints.Describe(ConfigError.From(ex))]);
        }
    }
}
