using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MuxActors.Ctl.Api;
using MuxActors.Ctl.Attach;
using MuxActors.Ctl.Output;
using MuxActors.Ctl.Terminal;

namespace MuxActors.Ctl.Commands;

/// <summary><c>attach</c>, <c>tail</c>, <c>events</c>, <c>ringbuf</c>, <c>metrics</c>: live streams and raw reads.</summary>
internal static class StreamCommands
{
    /// <summary>What <c>--replay</c> without a size asks for: everything the mux still keeps.</summary>
    private const long ReplayAll = 1L << 40;

    public static void AddTo(RootCommand root, GlobalOptions global)
    {
        root.Subcommands.Add(Attach(global));
        root.Subcommands.Add(Tail(global));
        root.Subcommands.Add(Events(global));
        root.Subcommands.Add(Ringbuf(global));
        var metrics = new Command("metrics", "Print the Prometheus metrics.");
        metrics.SetAction((parse, ct) => global.RunAsync(parse, async c =>
        {
            using var response = await c.Client.OpenStreamAsync("/metrics", ct).ConfigureAwait(false);
            await c.Out.WriteAsync(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)).ConfigureAwait(false);
            return 0;
        }));
        root.Subcommands.Add(metrics);
    }

    private static Command Attach(GlobalOptions global)
    {
        var mux = new Argument<string>("MUX") { Description = "The mux." };
        var readOnly = new Option<bool>("--read-only") { Description = "Only watch: typed input is not sent." };
        var replay = ReplayOption();
        var command = new Command("attach", "Attach this terminal to a mux's console (raw mode; Ctrl-] q detaches, Ctrl-] ? lists the keys).")
            { mux, readOnly, replay };
        command.SetAction((parse, ct) => global.RunAsync(parse, c =>
            new AttachSession(c.Client, parse.GetValue(mux)!, parse.GetValue(readOnly), ReplayBytes(parse, replay)).RunAsync(ct)));
        return command;
    }

    private static Command Tail(GlobalOptions global)
    {
        var mux = new Argument<string>("MUX") { Description = "The mux." };
        var replay = ReplayOption();
        var command = new Command("tail", "Show a mux's console output as it comes (read-only; Ctrl-C stops).") { mux, replay };
        command.SetAction((parse, ct) => global.RunAsync(parse, c =>
            new AttachSession(c.Client, parse.GetValue(mux)!, readOnly: true, ReplayBytes(parse, replay)).RunAsync(ct)));
        return command;
    }

    private static Command Events(GlobalOptions global)
    {
        var mux = new Option<string?>("--mux") { Description = "Only this mux's events." };
        var command = new Command("events", "Follow events: attach, detach, frontend-up, frontend-down, drop, restart, reload.") { mux };
        command.SetAction((parse, ct) => global.RunAsync(parse, async c =>
        {
            var path = parse.GetValue(mux) is { } name ? "/v1/events?mux=" + Uri.EscapeDataString(name) : "/v1/events";
            using var response = await c.Client.OpenStreamAsync(path, ct).ConfigureAwait(false);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false), Encoding.UTF8);
            string? kind = null;
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                    kind = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && kind is not null)
                    await c.Out.WriteLineAsync(c.Json ? $"{{\"event\":{JsonSerializer.Serialize(kind)},\"data\":{line[6..]}}}" : Describe(kind, line[6..])).ConfigureAwait(false);
            }
            await StdStreams.Error.WriteLineAsync("muxctl: the service ended the event stream").ConfigureAwait(false);
            return 1;
        }));
        return command;
    }

    private static Command Ringbuf(GlobalOptions global)
    {
        var mux = new Argument<string>("MUX") { Description = "The mux." };
        var id = new Argument<string>("ID") { Description = "The ringbuf backend." };
        var size = new Option<string?>("--size") { Description = "Only the most recent bytes (4096, 16KiB...)." };
        var command = new Command("ringbuf", "Print what a ringbuf backend holds (like QMP ringbuf-read).") { mux, id, size };
        command.SetAction((parse, ct) => global.RunAsync(parse, async c =>
        {
            var query = parse.GetValue(size) is { } text ? "?format=base64&size=" + Size(text) : "?format=base64";
            using var document = await c.Client.SendAsync(HttpMethod.Get,
                $"/v1/muxes/{Uri.EscapeDataString(parse.GetValue(mux)!)}/ringbuf/{Uri.EscapeDataString(parse.GetValue(id)!)}{query}", null, ct).ConfigureAwait(false);
            if (c.Json)
                return await StatusCommands.Print(c, document!.RootElement).ConfigureAwait(false);
            await StdStreams.Output.WriteAsync(Convert.FromBase64String(document!.RootElement.GetProperty("data").GetString()!), ct).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static Option<string?> ReplayOption() => new("--replay")
    {
        Description = "Start with recent output: this much (16KiB), or without a size all the mux still keeps.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static long ReplayBytes(ParseResult parse, Option<string?> replay)
    {
        if (parse.GetResult(replay) is null)
            return 0;
        return parse.GetValue(replay) is { Length: > 0 } text ? Size(text) : ReplayAll;
    }

    private static long Size(string text) => Units.ParseSize(text) ?? throw new CtlException($"'{text}' is not a size (4096, 16KiB, 1MiB)");

    private static string Describe(string kind, string json)
    {
        using var document = JsonDocument.Parse(json);
        var data = document.RootElement;
        string Field(string name) => data.TryGetProperty(name, out var value) ? value.ToString() : "";
        var at = data.TryGetProperty("at", out var when) ? when.GetDateTimeOffset().ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "";
        return kind switch
        {
            "attach" => $"{at} {Field("mux")}: {Field("chardev")} attached ({Field("peer")})",
            "detach" => $"{at} {Field("mux")}: {Field("chardev")} detached ({Field("peer")}): {Field("reason")}",
            "frontend-up" => $"{at} {Field("mux")}: console up ({Field("detail")})",
            "frontend-down" => $"{at} {Field("mux")}: console down ({Field("detail")})",
            "drop" => $"{at} {Field("mux")}: {Field("chardev")} dropped {Field("bytes")} bytes so far",
            "restart" => $"{at} {Field("mux")}: {Field("chardev")} restarting in {Field("delay-seconds")} s: {Field("reason")}",
            "reload" => $"{at} reload {(Field("ok") == "True" ? "applied" : "rejected: " + Field("errors"))}",
            _ => $"{at} {kind}: {json}",
        };
    }
}
