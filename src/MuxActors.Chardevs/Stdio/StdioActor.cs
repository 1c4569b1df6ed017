using MuxActors.Chardevs.Common;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Stdio;

/// <summary>The actor of the <c>stdio</c> chardev: attaches at start; as a backend, survives the end of standard input.</summary>
internal sealed class StdioActor(ChardevSpec spec, PortContext context, Func<(Stream Input, Stream Output)> openStreams)
    : PortActor(spec, context)
{
    /// <inheritdoc />
    protected override void PreStart()
    {
        var (input, output) = openStreams();
        Attach(new StdioTransport(input, output, outputOutlivesInput: PortContext.Role == PortRole.Backend), "stdio");
    }
}
