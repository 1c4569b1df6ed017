using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using MuxActors.Ctl.Api;
using MuxActors.Ctl.Terminal;

namespace MuxActors.Ctl.Commands;

/// <summary><c>add</c>, <c>remove</c> and <c>break</c>: run-time changes (not written to the configuration file).</summary>
internal static class ChangeCommands
{
    public static void AddTo(RootCommand root, GlobalOptions global)
    {
        root.Subcommands.Add(Add(global));
        root.Subcommands.Add(Remove(global));
        var mux = new Argument<string>("MUX") { Description = "The mux." };
        var breakCommand = new Command("break", "Send a BREAK to a mux's console.") { mux };
        breakCommand.SetAction((parse, ct) => global.RunAsync(parse, c =>
            Done(c, HttpMethod.Post, $"/v1/muxes/{Escape(parse.GetValue(mux)!)}/break", null, $"BREAK sent to {parse.GetValue(mux)}", ct)));
        root.Subcommands.Add(breakCommand);
        var focusMux = new Argument<string>("MUX") { Description = "The mux-fe." };
        var console = new Argument<string>("CONSOLE") { Description = "The console that gets the input from now on." };
        var focus = new Command("focus", "Move a mux-fe's focus: its backend's input goes to CONSOLE.") { focusMux, console };
        focus.SetAction((parse, ct) => global.RunAsync(parse, c =>
            Done(c, HttpMethod.Post, $"/v1/muxes/{Escape(parse.GetValue(focusMux)!)}/focus",
                new JsonObject { ["console"] = parse.GetValue(console) }.ToJsonString(),
                $"{parse.GetValue(focusMux)}: focus on {parse.GetValue(console)}", ct)));
        root.Subcommands.Add(focus);
    }

    private static Command Add(GlobalOptions global)
    {
        var id = new Argument<string>("ID") { Description = "The new chardev's id." };
        var type = new Argument<string>("TYPE") { Description = "Its type: unix-server, tcp-server, file, pty, ringbuf..." };
        var options = new Argument<string[]>("KEY=VALUE") { Description = "Its keys, as in the configuration file (path=run/x.sock replay=16KiB).", Arity = ArgumentArity.ZeroOrMore };
        var mux = new Option<string?>("--mux") { Description = "Join this running mux at once (mux-be-id)." };
        var chardev = new Command("chardev", "Add a chardev, optionally as a backend of a running mux.") { id, type, options, mux };
        chardev.SetAction((parse, ct) => global.RunAsync(parse, c =>
        {
            var body = new JsonObject
            {
                ["id"] = parse.GetValue(id),
                ["type"] = parse.GetValue(type),
                ["options"] = KeyValues.ToObject(parse.GetValue(options) ?? []),
            };
            if (parse.GetValue(mux) is { } target)
                body["mux-be-id"] = target;
            var where = parse.GetValue(mux) is { } m ? $" to mux {m}" : " (unattached)";
            return Done(c, HttpMethod.Post, "/v1/chardevs", body.ToJsonString(), $"added chardev {parse.GetValue(id)}{where}", ct);
        }));

        var name = new Argument<string>("NAME") { Description = "The new mux's name." };
        var definition = new Argument<string>("DEFINITION") { Description = "The mux block as JSON ({\"frontend\": {...}, \"backends\": {...}}), @FILE, or - for stdin." };
        var muxCommand = new Command("mux", "Start a new mux.") { name, definition };
        muxCommand.SetAction((parse, ct) => global.RunAsync(parse, async c =>
        {
            var body = await ReadDefinitionAsync(parse.GetValue(definition)!, ct).ConfigureAwait(false);
            body["name"] = parse.GetValue(name);
            return await Done(c, HttpMethod.Post, "/v1/muxes", body.ToJsonString(), $"started mux {parse.GetValue(name)}", ct).ConfigureAwait(false);
        }));
        return new Command("add", "Add a chardev or a mux at run time.") { chardev, muxCommand };
    }

    private static Command Remove(GlobalOptions global)
    {
        var id = new Argument<string>("ID") { Description = "The chardev's id (inline backends: MUX.ID)." };
        var chardev = new Command("chardev", "Remove an unattached chardev (detach it from its mux first).") { id };
        chardev.SetAction((parse, ct) => global.RunAsync(parse, c =>
            Done(c, HttpMethod.Delete, "/v1/chardevs/" + Escape(parse.GetValue(id)!), null, $"removed chardev {parse.GetValue(id)}", ct)));

        var mux = new Argument<string>("MUX") { Description = "The mux." };
        var backendId = new Argument<string>("ID") { Description = "The backend's id within the mux." };
        var backend = new Command("backend", "Detach a backend from its mux; its clients are disconnected.") { mux, backendId };
        backend.SetAction((parse, ct) => global.RunAsync(parse, c =>
            Done(c, HttpMethod.Delete, $"/v1/muxes/{Escape(parse.GetValue(mux)!)}/backends/{Escape(parse.GetValue(backendId)!)}", null,
                $"detached {parse.GetValue(backendId)} from {parse.GetValue(mux)}", ct)));

        var name = new Argument<string>("MUX") { Description = "The mux." };
        var force = new Option<bool>("--force") { Description = "Remove it even while its console is connected." };
        var muxCommand = new Command("mux", "Stop and remove a mux (refused while its console is connected, unless --force).") { name, force };
        muxCommand.SetAction((parse, ct) => global.RunAsync(parse, c =>
            Done(c, HttpMethod.Delete, $"/v1/muxes/{Escape(parse.GetValue(name)!)}{(parse.GetValue(force) ? "?force=true" : "")}", null,
                $"removed mux {parse.GetValue(name)}", ct)));
        return new Command("remove", "Remove a chardev, detach a backend, or remove a mux.") { chardev, backend, muxCommand };
    }

    private static async Task<int> Done(CommandContext context, HttpMethod method, string path, string? body, string message, CancellationToken ct)
    {
        using var answer = await context.Client.SendAsync(method, path, body, ct).ConfigureAwait(false);
        await context.Out.WriteLineAsync(context.Json ? answer?.RootElement.GetRawText() ?? "{}" : message).ConfigureAwait(false);
        return 0;
    }

    private static async Task<JsonObject> ReadDefinitionAsync(string definition, CancellationToken ct)
    {
        string text;
        try
        {
            text = definition == "-" ? await new StreamReader(StdStreams.Input).ReadToEndAsync(ct).ConfigureAwait(false)
                : definition.StartsWith('@') ? await File.ReadAllTextAsync(definition[1..], ct).ConfigureAwait(false)
                : definition;
        }
        catch (IOException ex)
        {
            throw new CtlException("can't read the definition: " + ex.Message);
        }
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new CtlException("the definition must be a JSON object");
        }
        catch (JsonException ex)
        {
            throw new CtlException("the definition is not valid JSON: " + ex.Message);
        }
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
