using System.CommandLine;
using MuxActors.Ctl.Api;
using MuxActors.Ctl.Commands;
using MuxActors.Ctl.Terminal;

namespace MuxActors.Ctl;

/// <summary>The <c>muxctl</c> command line: global connection options and every subcommand.</summary>
internal static class CtlCommands
{
    /// <summary>Parses <paramref name="args"/> and runs the command; returns the exit status.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        // Our own streams, and no termination handling of its own: attach restores the terminal on signals itself.
        var invocation = new InvocationConfiguration { Output = StdStreams.Out, Error = StdStreams.Error, ProcessTerminationTimeout = null };
        return await root.Parse(args).InvokeAsync(invocation).ConfigureAwait(false);
    }

    /// <summary>The root command with its subcommands.</summary>
    internal static RootCommand Build()
    {
        var global = new GlobalOptions();
        var root = new RootCommand("muxctl: see, change and attach to the muxes of a running muxactors through its management API.");
        global.AddTo(root);
        StatusCommands.AddTo(root, global);
        ChangeCommands.AddTo(root, global);
        StreamCommands.AddTo(root, global);
        return root;
    }
}

/// <summary>Options every subcommand takes: where the service is, and the output format.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Socket { get; } = new("--socket")
    {
        Description = $"The service's unix socket (default: $MUXACTORS_SOCKET, else {ManagementClient.DefaultSocket}).",
        Recursive = true,
    };

    public Option<string?> Url { get; } = new("--url")
    {
        Description = "The service's TCP address instead, for example http://127.0.0.1:7070 (needs --token).",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "The bearer token for --url (default: $MUXACTORS_TOKEN).",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the service's JSON instead of tables, for scripts.",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Socket);
        command.Options.Add(Url);
        command.Options.Add(Token);
        command.Options.Add(Json);
    }

    /// <summary>Runs <paramref name="body"/> with a client; a <see cref="CtlException"/> becomes one line on stderr and status 1.</summary>
    public async Task<int> RunAsync(ParseResult parse, Func<CommandContext, Task<int>> body)
    {
        var json = parse.GetValue(Json);
        try
        {
            using var client = ManagementClient.Create(
                parse.GetValue(Socket) ?? FromEnvironment("MUXACTORS_SOCKET"),
                parse.GetValue(Url),
                parse.GetValue(Token) ?? FromEnvironment("MUXACTORS_TOKEN"));
            return await body(new CommandContext(client, json)).ConfigureAwait(false);
        }
        catch (CtlException ex)
        {
            if (json && ex.Body is { Length: > 0 } errorBody)
                await StdStreams.Out.WriteLineAsync(errorBody).ConfigureAwait(false);
            await StdStreams.Error.WriteLineAsync("muxctl: " + ex.Message).ConfigureAwait(false);
            return 1;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or System.Net.WebSockets.WebSocketException or System.Text.Json.JsonException)
        {
            await StdStreams.Error.WriteLineAsync("muxctl: the connection to the service failed: " + ex.Message).ConfigureAwait(false);
            return 1;
        }
    }

    private static string? FromEnvironment(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}

/// <summary>What a running subcommand has: the API client and whether to print JSON.</summary>
internal sealed record CommandContext(ManagementClient Client, bool Json)
{
    /// <summary>Standard output.</summary>
    public TextWriter Out { get; } = StdStreams.Out;
}
