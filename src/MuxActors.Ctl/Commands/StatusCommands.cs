using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MuxActors.Ctl.Output;

namespace MuxActors.Ctl.Commands;

/// <summary><c>list</c>, <c>show MUX</c>, <c>chardevs</c>: what is running.</summary>
internal static class StatusCommands
{
    public static void AddTo(RootCommand root, GlobalOptions global)
    {
        var list = new Command("list", "List the muxes: console state, clients, bytes, drops, restarts, uptime.");
        list.SetAction((parse, ct) => global.RunAsync(parse, c => ListAsync(c, ct)));
        root.Subcommands.Add(list);

        var muxArgument = new Argument<string>("MUX") { Description = "The mux." };
        var show = new Command("show", "Show one mux: its console, backends and every connected client.") { muxArgument };
        show.SetAction((parse, ct) => global.RunAsync(parse, c => ShowAsync(c, parse.GetValue(muxArgument)!, ct)));
        root.Subcommands.Add(show);

        var chardevs = new Command("chardevs", "List every known chardev (inline backends are named MUX.ID).");
        chardevs.SetAction((parse, ct) => global.RunAsync(parse, c => ChardevsAsync(c, ct)));
        root.Subcommands.Add(chardevs);
    }

    private static async Task<int> ListAsync(CommandContext context, CancellationToken ct)
    {
        using var document = await context.Client.SendAsync(HttpMethod.Get, "/v1/muxes", null, ct).ConfigureAwait(false);
        var root = document!.RootElement;
        if (context.Json)
            return await Print(context, root).ConfigureAwait(false);
        var table = new Table("MUX", "CONSOLE", "CLIENTS", "OUTPUT", "INPUT", "DROPPED", "RESTARTS", "UPTIME");
        foreach (var mux in root.GetProperty("muxes").EnumerateArray())
        {
            if (mux.GetProperty("state").GetString() != "running")
            {
                table.Add(mux.GetProperty("name").GetString()!, mux.GetProperty("state").GetString()!);
                continue;
            }
            var clients = mux.GetProperty("backends").EnumerateArray().SelectMany(b => b.GetProperty("clients").EnumerateArray()).ToList();
            table.Add(
                mux.GetProperty("name").GetString()!,
                IsFrontendMux(mux) ? Focus(mux) : Console(mux.GetProperty("frontend")),
                Number(mux.GetProperty("clients").GetInt32()),
                Units.Bytes(mux.GetProperty("output-bytes").GetInt64()),
                Units.Bytes(mux.GetProperty("input-bytes").GetInt64()),
                Units.Bytes(clients.Sum(c => c.GetProperty("dropped").GetInt64())),
                Number(mux.GetProperty("restarts").EnumerateObject().Sum(r => r.Value.GetInt32())),
                Units.Duration(mux.GetProperty("uptime-seconds").GetDouble()));
        }
        table.WriteTo(context.Out);
        return 0;
    }

    private static async Task<int> ShowAsync(CommandContext context, string name, CancellationToken ct)
    {
        using var document = await context.Client.SendAsync(HttpMethod.Get, "/v1/muxes/" + Uri.EscapeDataString(name), null, ct).ConfigureAwait(false);
        var mux = document!.RootElement;
        if (context.Json)
            return await Print(context, mux).ConfigureAwait(false);
        if (IsFrontendMux(mux))
            return await ShowFrontendMuxAsync(context, name, mux).ConfigureAwait(false);
        var frontend = mux.GetProperty("frontend");
        var peer = frontend.TryGetProperty("peer", out var p) ? $" ({p.GetString()})" : "";
        var restarts = string.Join(", ", mux.GetProperty("restarts").EnumerateObject().Select(r => $"{r.Name}={r.Value.GetInt32()}"));
        var consoleType = frontend.TryGetProperty("type", out var t) ? $" ({t.GetString()})" : "";
        await context.Out.WriteLineAsync($"mux {name}: console {frontend.GetProperty("id").GetString()}{consoleType} {Console(frontend)}{peer}").ConfigureAwait(false);
        await context.Out.WriteLineAsync(
            $"uptime {Units.Duration(mux.GetProperty("uptime-seconds").GetDouble())}, output {Units.Bytes(mux.GetProperty("output-bytes").GetInt64())}, " +
            $"input {Units.Bytes(mux.GetProperty("input-bytes").GetInt64())} ({Units.Bytes(mux.GetProperty("input-discarded").GetInt64())} discarded), " +
            $"restarts: {(restarts.Length == 0 ? "none" : restarts)}").ConfigureAwait(false);
        BackendTable(mux).WriteTo(context.Out);
        return 0;
    }

    /// <summary>A mux-fe: its focus, every console and whether it is connected, then its backend's clients.</summary>
    private static async Task<int> ShowFrontendMuxAsync(CommandContext context, string name, JsonElement mux)
    {
        await context.Out.WriteLineAsync($"mux-fe {name}: {Focus(mux)}; output {Units.Bytes(mux.GetProperty("output-bytes").GetInt64())}, "
            + $"input {Units.Bytes(mux.GetProperty("input-bytes").GetInt64())} ({Units.Bytes(mux.GetProperty("input-discarded").GetInt64())} discarded)").ConfigureAwait(false);
        var focus = mux.TryGetProperty("focus", out var f) ? f.GetString() : null;
        var consoles = new Table("CONSOLE", "TYPE", "STATE", "FOCUS", "PEER");
        foreach (var console in mux.GetProperty("consoles").EnumerateArray())
        {
            var id = console.GetProperty("id").GetString()!;
            consoles.Add(id, console.TryGetProperty("type", out var t) ? t.GetString()! : "-", Console(console), id == focus ? "*" : "",
                console.TryGetProperty("peer", out var p) ? p.GetString()! : "-");
        }
        consoles.WriteTo(context.Out);
        BackendTable(mux).WriteTo(context.Out);
        return 0;
    }

    private static Table BackendTable(JsonElement mux)
    {
        var table = new Table("BACKEND", "TYPE", "CLIENT", "IN", "OUT", "LAG", "DROPPED", "POLICY", "SINCE");
        foreach (var backend in mux.GetProperty("backends").EnumerateArray())
        {
            var id = backend.GetProperty("id").GetString()!;
            var type = backend.GetProperty("type").GetString()!;
            var clients = backend.GetProperty("clients").EnumerateArray().ToList();
            if (clients.Count == 0)
                table.Add(id, type, "-");
            foreach (var client in clients)
            {
                table.Add(id, type, client.GetProperty("peer").GetString()!,
                    Units.Bytes(client.GetProperty("bytes-in").GetInt64()), Units.Bytes(client.GetProperty("bytes-out").GetInt64()),
                    Units.Bytes(client.GetProperty("lag").GetInt64()), Units.Bytes(client.GetProperty("dropped").GetInt64()),
                    client.GetProperty("policy").GetString()!,
                    client.GetProperty("since").GetDateTimeOffset().ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture));
            }
        }
        return table;
    }

    private static async Task<int> ChardevsAsync(CommandContext context, CancellationToken ct)
    {
        using var document = await context.Client.SendAsync(HttpMethod.Get, "/v1/chardevs", null, ct).ConfigureAwait(false);
        var root = document!.RootElement;
        if (context.Json)
            return await Print(context, root).ConfigureAwait(false);
        var table = new Table("ID", "TYPE", "MUX", "ROLE");
        foreach (var chardev in root.GetProperty("chardevs").EnumerateArray())
        {
            table.Add(chardev.GetProperty("id").GetString()!, chardev.GetProperty("type").GetString()!,
                chardev.TryGetProperty("mux", out var mux) ? mux.GetString()! : "(unattached)", chardev.GetProperty("role").GetString()!);
        }
        table.WriteTo(context.Out);
        return 0;
    }

    /// <summary>Prints a JSON value as the service sent it.</summary>
    internal static async Task<int> Print(CommandContext context, JsonElement value)
    {
        await context.Out.WriteLineAsync(value.GetRawText()).ConfigureAwait(false);
        return 0;
    }

    private static bool IsFrontendMux(JsonElement mux) => mux.TryGetProperty("kind", out var kind) && kind.GetString() == "mux-fe";

    /// <summary>"focus vm1 (up)", or "no console".</summary>
    private static string Focus(JsonElement mux) =>
        mux.TryGetProperty("focus", out var focus) && focus.GetString() is { } id
            ? $"focus {id} ({(mux.TryGetProperty("frontend", out var f) && f.ValueKind == JsonValueKind.Object ? Console(f) : "down")})"
            : "no console";

    private static string Console(JsonElement frontend) => frontend.GetProperty("up").GetBoolean() ? "up" : "down";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
