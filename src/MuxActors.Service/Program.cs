using System.CommandLine;
using MuxActors.Service;
using MuxActors.Service.Qemu;

// Socket completions run on the socket engine's own thread instead of waking a pool thread for each one: a port's
// read loop then hands a chunk to the mux, which writes it on (with writes that never wait), with no hand-off.
// Safe because no socket continuation in this service blocks. Read once, at the first socket; an explicit
// setting in the environment wins. Measured in docs/benchmarks.md (S3).
const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
if (Environment.GetEnvironmentVariable(InlineSocketCompletions) is null)
    Environment.SetEnvironmentVariable(InlineSocketCompletions, "1");

var configOption = new Option<string>("--config", "-c")
{
    Description = "The HOCON configuration file (default ./hocon.conf, unless --chardev is given).",
};
var chardevOption = new Option<string[]>("--chardev")
{
    Description = "A chardev in QEMU's -chardev syntax, e.g. 'socket,id=sock0,path=/tmp/sock,server=on,mux-be-id=mux0'; repeatable.",
    AllowMultipleArgumentsPerToken = false,
};
var checkOption = new Option<bool>("--check")
{
    Description = "Validate the configuration, print every error with file:line:col and key path, and exit 0 or 1.",
};
var root = new RootCommand("MuxActors: one console (VM serial socket, serial port, process under a pty) shared by many clients.")
{
    configOption,
    checkOption,
    chardevOption,
    FromQemuCommand.Create(),
};
root.SetAction((parse, ct) => ServiceCommand.RunAsync(parse.GetValue(configOption), parse.GetValue(checkOption), parse.GetValue(chardevOption) ?? [], ct));
return await root.Parse(args).InvokeAsync();
