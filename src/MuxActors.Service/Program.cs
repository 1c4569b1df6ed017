using System.CommandLine;
using MuxActors.Service;

var configOption = new Option<string>("--config", "-c")
{
    Description = "The HOCON configuration file.",
    DefaultValueFactory = _ => "hocon.conf",
};
var checkOption = new Option<bool>("--check")
{
    Description = "Validate the configuration, print every error with file:line:col and key path, and exit 0 or 1.",
};
var root = new RootCommand("MuxActors: one console (VM serial socket, serial port, process under a pty) shared by many clients.")
{
    configOption,
    checkOption,
};
root.SetAction((parse, ct) => ServiceCommand.RunAsync(parse.GetValue(configOption)!, parse.GetValue(checkOption), ct));
return await root.Parse(args).InvokeAsync();
