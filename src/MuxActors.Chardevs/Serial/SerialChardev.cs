using Akka.Actor;
using MuxActors.Chardevs.Terminal;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;
using MuxActors.Posix;

namespace MuxActors.Chardevs.Serial;

/// <summary>
/// <c>type = serial</c>: a tty device (<c>path = "/dev/ttyUSB0"</c>) opened with O_NOCTTY in raw mode, with
/// <c>baud</c> (115200), <c>data-bits</c> (8), <c>parity</c> (none | even | odd), <c>stop-bits</c> (1),
/// <c>flow</c> (none | rtscts | xonxoff) and <c>exclusive</c> (on: TIOCEXCL). A BREAK from the mux is sent with
/// tcsendbreak. A device that goes away (USB unplug) fails the actor; the mux restarts it with backoff, and it
/// reopens once the path is back.
/// </summary>
public sealed class SerialChardev : IChardevKind
{
    /// <inheritdoc />
    public string Type => "serial";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OptionKeys { get; } = ["path", "baud", "data-bits", "parity", "stop-bits", "flow", "exclusive"];

    /// <inheritdoc />
    public bool CanBeFrontend => true;

    /// <inheritdoc />
    public bool CanBeBackend => true;

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(ChardevSpec spec, PortRole role)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (path, _) = Read(spec);
        return [$"device:{path}"];
    }

    /// <inheritdoc />
    public Props CreateProps(ChardevSpec spec, PortContext context)
    {
        var (path, settings) = Read(spec);
        return Props.Create(() => new SerialPortActor(spec, context, path, settings));
    }

    private static (string Path, SerialSettings Settings) Read(ChardevSpec spec)
    {
        var path = OptionReader.RequiredPath(spec, "path", "\"/dev/ttyUSB0\"");
        var options = spec.Options;
        var settings = new SerialSettings
        {
            BaudRate = OptionReader.Checked(spec, "baud", () => Valid(new SerialSettings { BaudRate = options.GetInt32("baud", 115200) }).BaudRate),
            DataBits = OptionReader.Checked(spec, "data-bits", () => Valid(new SerialSettings { DataBits = options.GetInt32("data-bits", 8) }).DataBits),
            Parity = OptionReader.Checked(spec, "parity", () => SerialSettings.ParseParity(options.GetString("parity", "none"))),
            StopBits = OptionReader.Checked(spec, "stop-bits", () => Valid(new SerialSettings { StopBits = options.GetInt32("stop-bits", 1) }).StopBits),
            FlowControl = OptionReader.Checked(spec, "flow", () => SerialSettings.ParseFlowControl(options.GetString("flow", "none"))),
            Exclusive = options.GetBoolean("exclusive", true),
        };
        return (path, settings);
    }

    private static SerialSettings Valid(SerialSettings settings)
    {
        settings.Validate();
        return settings;
    }
}
