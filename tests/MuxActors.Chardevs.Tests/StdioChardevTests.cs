using System.IO.Pipes;
using System.Text;
using MuxActors.Chardevs.Stdio;
using MuxActors.Chardevs.Tests.Harness;
using MuxActors.Core.Mux;

namespace MuxActors.Chardevs.Tests;

/// <summary>The stdio chardev, over pipes standing in for the service's standard input and output.</summary>
public sealed class StdioChardevTests : IDisposable
{
    private readonly AnonymousPipeServerStream _stdinWriter = new(PipeDirection.Out);
    private readonly AnonymousPipeClientStream _stdinReader;
    private readonly AnonymousPipeServerStream _stdoutReader = new(PipeDirection.In);
    private readonly AnonymousPipeClientStream _stdoutWriter;

    public StdioChardevTests()
    {
        _stdinReader = new AnonymousPipeClientStream(PipeDirection.In, _stdinWriter.ClientSafePipeHandle);
        _stdoutWriter = new AnonymousPipeClientStream(PipeDirection.Out, _stdoutReader.ClientSafePipeHandle);
    }

    private Core.Chardevs.ChardevRegistry Registry => TestRegistries.BuiltInWith(new StdioKind(() => (_stdinReader, _stdoutWriter)));

    [Fact]
    public async Task As_the_console_stdin_is_its_output_and_stdout_receives_the_clients_input()
    {
        await using var mux = MuxHarness.Create();
        mux.Start("""
            muxactors.muxes.m {
              frontend { type = stdio }
              backends { local { type = unix-server, path = local.sock } }
            }
            """, Registry);
        await mux.ConsoleUpAsync();
        await using var client = await mux.ConnectUnixAsync("local");

        await _stdinWriter.WriteAsync(Encoding.ASCII.GetBytes("login: "));
        Assert.Equal("login: ", await client.ReceiveTextAsync(7));
        await client.SendAsync("root\r");
        Assert.Equal("root\r", await ReadStdoutAsync(5));
    }

    [Fact]
    public async Task As_a_backend_output_keeps_flowing_to_stdout_after_stdin_ends()
    {
        await using var mux = MuxHarness.Create();
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        mux.Start("""
            muxactors.muxes.m {
              frontend { type = unix-client, path = vm.sock, reconnect = 100ms }
              backends { terminal { type = stdio } }
            }
            """, Registry);
        var console = await vm.AcceptAsync();
        await mux.AttachedAsync("terminal");

        await console.SendAsync("boot\r\n");
        Assert.Equal("boot\r\n", await ReadStdoutAsync(6));
        await _stdinWriter.WriteAsync(Encoding.ASCII.GetBytes("ls\r"));
        Assert.Equal("ls\r", await console.ReceiveTextAsync(3));

        _stdinWriter.Dispose(); // end of standard input
        await console.SendAsync("still here\r\n");
        Assert.Equal("still here\r\n", await ReadStdoutAsync(12));
        Assert.Empty(mux.Events.Of<PortDetached>());
    }

    [Fact]
    public void Only_one_stdio_chardev_can_exist()
    {
        using var mux = new ScratchDirectory();
        var file = mux.Combine("mux.conf");
        File.WriteAllText(file, """
            muxactors.muxes.m {
              frontend { type = stdio }
              backends { again { type = stdio } }
            }
            """);
        var error = Assert.Throws<Core.Config.ConfigException>(() =>
            new Core.Config.ServiceConfigReader(Registry).Read(Hocon.HoconConfig.FromFile(file)));
        Assert.Contains("can't both use stdio", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _stdinWriter.Dispose();
        _stdinReader.Dispose();
        _stdoutReader.Dispose();
        _stdoutWriter.Dispose();
    }

    private async Task<string> ReadStdoutAsync(int count)
    {
        var buffer = new byte[count];
        // Pipe reads do not observe cancellation: bound the wait from outside.
        await _stdoutReader.ReadExactlyAsync(buffer).AsTask().WaitAsync(Deadline.Default);
        return Encoding.ASCII.GetString(buffer);
    }
}
