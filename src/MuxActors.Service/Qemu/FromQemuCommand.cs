using System.CommandLine;
using MuxActors.Chardevs;
using MuxActors.Core.Config;
using MuxActors.Hocon;

namespace MuxActors.Service.Qemu;

/// <summary>
/// <c>muxactors from-qemu [--socket-dir DIR] [--hocon FILE] -- QEMU ARGS...</c>: prints the QEMU arguments to use
/// instead of a mux-be/hub and its chardevs, and the MuxActors configuration that serves them.
/// </summary>
internal static class FromQemuCommand
{
    /// <summary>The subcommand.</summary>
    public static Command Create()
    {
        var socketDir = new Option<string>("--socket-dir")
        {
            Description = "Where the console sockets between QEMU and MuxActors go.",
            DefaultValueFactory = _ => "/tmp",
        };
        var hoconFile = new Option<string>("--hocon")
        {
            Description = "Write the MuxActors configuration to this file instead of printing it.",
        };
        var qemuArgs = new Argument<string[]>("qemu-arguments")
        {
            Description = "The QEMU command line, after --.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("from-qemu", "Convert a QEMU command line with -chardev mux-be or hub into QEMU arguments plus a MuxActors configuration.")
        {
            socketDir,
            hoconFile,
            qemuArgs,
        };
        command.SetAction(parse => Run(parse.GetValue(qemuArgs) ?? [], Path.GetFullPath(parse.GetValue(socketDir)!), parse.GetValue(hoconFile),
            Console.Out, Console.Error));
        return command;
    }

    /// <summary>Converts and prints; 1 when there is nothing to convert or the result does not validate.</summary>
    public static int Run(IReadOnlyList<string> arguments, string socketDirectory, string? hoconFile, TextWriter output, TextWriter error)
    {
        QemuConversion conversion;
        try
        {
            conversion = QemuCommandLineConverter.Convert(arguments, socketDirectory);
        }
        catch (ArgumentException ex)
        {
            error.WriteLine("muxactors from-qemu: " + ex.Message);
            return 1;
        }
        output.WriteLine("# QEMU arguments to use instead (the devices keep pointing at " + string.Join(", ", conversion.Muxes) + "):");
        output.WriteLine(string.Join(' ', conversion.QemuArguments.Select(QemuCommandLineConverter.ShellQuote)));
        output.WriteLine();
        if (hoconFile is null)
        {
            output.Write(conversion.Hocon);
        }
        else
        {
            File.WriteAllText(hoconFile, conversion.Hocon);
            output.WriteLine($"# MuxActors configuration written to {hoconFile}; run: muxactors --config {QemuCommandLineConverter.ShellQuote(hoconFile)}");
        }
        // What we print must run: check it the way --check would.
        var (_, errors) = new ServiceConfigReader(BuiltInChardevs.CreateRegistry())
            .TryRead(HoconConfig.FromString(conversion.Hocon, hoconFile is null ? "from-qemu" : Path.GetFullPath(hoconFile)));
        foreach (var problem in errors)
            error.WriteLine("muxactors from-qemu: the configuration does not validate: " + problem);
        return errors.Count == 0 ? 0 : 1;
    }
}
