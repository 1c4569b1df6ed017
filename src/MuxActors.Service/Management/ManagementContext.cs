using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Akka.Actor;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Mux;
using MuxActors.Service.Hosting;

namespace MuxActors.Service.Management;

/// <summary>What every endpoint needs: the running service, its actor system and chardev kinds, and the host's lifetime.</summary>
internal sealed class ManagementContext(MuxActorsService service, ActorSystem system, ChardevRegistry registry, IHostApplicationLifetime lifetime)
{
    /// <summary>How long an endpoint waits for an actor's answer before replying 503.</summary>
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public MuxActorsService Service { get; } = service;

    public IActorRef Root => Service.Root;

    public ActorSystem System { get; } = system;

    public ChardevRegistry Registry { get; } = registry;

    /// <summary>Fires when the service begins to stop: long-lived requests (events, attach) end so the stop is not held up.</summary>
    public CancellationToken Stopping => lifetime.ApplicationStopping;

    /// <summary>The running mux called <paramref name="name"/>, or <c>null</c>.</summary>
    public async Task<IActorRef?> FindMuxAsync(string name)
    {
        var muxes = await Root.Ask<MuxList>(ListMuxes.Instance, AskTimeout).ConfigureAwait(false);
        return muxes.Muxes.GetValueOrDefault(name);
    }

    /// <summary>Every known chardev.</summary>
    public Task<ChardevList> ChardevsAsync() => Root.Ask<ChardevList>(ListChardevs.Instance, AskTimeout);

    /// <summary>The error of an unknown mux, in the wording of the core's commands.</summary>
    public static Task MuxNotFound(HttpContext context, string name) =>
        ApiResponses.Error(context, "not-found", $"mux '{name}' not found");

    /// <summary>A route value (already unescaped by routing).</summary>
    public static string Route(HttpContext context, string key) =>
        context.Request.RouteValues[key] as string ?? throw new InvalidOperationException($"route value '{key}' is missing");

    /// <summary>Reads a boolean query parameter; an invalid value gives an error message naming it.</summary>
    public static bool TryQueryBool(HttpContext context, string key, out bool value, out string? error)
    {
        value = false;
        error = null;
        var text = context.Request.Query[key].ToString();
        if (text.Length == 0 || bool.TryParse(text, out value))
            return true;
        error = $"query parameter '{key}' must be true or false (was '{text}')";
        return false;
    }

    /// <summary>Reads a non-negative integer query parameter; an invalid value gives an error message naming it.</summary>
    public static bool TryQueryLong(HttpContext context, string key, out long? value, out string? error)
    {
        value = null;
        error = null;
        var text = context.Request.Query[key].ToString();
        if (text.Length == 0)
            return true;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            value = number;
            return true;
        }
        error = $"query parameter '{key}' must be a number of bytes (was '{text}')";
        return false;
    }
}
