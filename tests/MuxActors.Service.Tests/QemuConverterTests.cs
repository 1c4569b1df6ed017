using MuxActors.Chardevs;
using MuxActors.Core.Config;
using MuxActors.Hocon;
using MuxActors.Service.Qemu;

namespace MuxActors.Service.Tests;

/// <summary><c>muxactors from-qemu</c>: the QEMU arguments to use instead, and a configuration that passes the reader.</summary>
public sealed class QemuConverterTests
{
    private static readonly string[] MuxBeExample =
    [
        "qemu-system-x86_64", "-m", "512", "-device", "virtio-serial-pci",
        "-chardev", "mux-be,id=mux0",
        "-chardev", "socket,path=/tmp/sock,server=on,wait=off,id=sock0,mux-be-id=mux0",
        "-chardev", "vc,id=vc0,mux-be-id=mux0",
        "-device", "virtconsole,chardev=mux0",
    ];

    private static ServiceConfig ReadBack(string hocon)
    {
        var (config, errors) = new ServiceConfigReader(BuiltInChardevs.CreateRegistry()).TryRead(HoconConfig.FromString(hocon, "from-qemu"));
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + hocon);
        return config!;
    }

    [Fact]
    public void Mux_be_example_becomes_one_console_socket_and_a_mux()
    {
        var result = QemuCommandLineConverter.Convert(MuxBeExample, "/run/mx");
        Assert.Equal(
            ["qemu-system-x86_64", "-m", "512", "-device", "virtio-serial-pci",
             "-chardev", "socket,id=mux0,path=/run/mx/muxactors-mux0.sock,server=on,wait=off",
             "-device", "virtconsole,chardev=mux0"],
            result.QemuArguments);
        Assert.Equal(["mux0"], result.Muxes);
        var mux = Assert.Single(ReadBack(result.Hocon).Muxes);
        Assert.Equal(("mux0", "unix-client", "/run/mx/muxactors-mux0.sock"), (mux.Name, mux.Frontend.Type, mux.Frontend.Options.GetString("path")));
        Assert.Equal(2, mux.Backends.Count);
        var sock = mux.Backends[0];
        Assert.Equal(("sock0", "unix-server", "/tmp/sock"), (sock.Id, sock.Type, sock.Options.GetString("path")));
        Assert.Equal(("vc0", "vc"), (mux.Backends[1].Id, mux.Backends[1].Type)); // the VNC text console is kept
        Assert.Contains("  \"vc,id=vc0,mux-be-id=mux0\"\n", result.Hocon, StringComparison.Ordinal);
        Assert.DoesNotContain("# note", result.Hocon, StringComparison.Ordinal);
    }

    [Fact]
    public void Vc_on_the_port_of_qemus_own_vnc_display_gets_a_note()
    {
        var clash = QemuCommandLineConverter.Convert([.. MuxBeExample, "-vnc", "127.0.0.1:0,password=off"], "/tmp");
        Assert.Contains("  # note: QEMU's -vnc listens on port 5900 too, where vc 'vc0' listens: give the vc another port "
            + "(listen=127.0.0.1:5901) or take -vnc out of the QEMU arguments\n", clash.Hocon, StringComparison.Ordinal);
        Assert.Contains("-vnc", clash.QemuArguments);
        var apart = QemuCommandLineConverter.Convert([.. MuxBeExample, "-vnc", ":1"], "/tmp");
        Assert.DoesNotContain("# note", apart.Hocon, StringComparison.Ordinal);
    }

    [Fact]
    public void Hub_line_keeps_other_chardevs_and_renumbers_members()
    {
        string[] line =
        [
            "-chardev", "hub,id=hub0,chardevs.0=a,chardevs.1=v,chardevs.2=b,chardevs.3=gone,chardevs.5=late",
            "-chardev", "pty,id=a,path=/tmp/pty0",
            "-chardev", "pipe,id=v,path=/tmp/fifo",
            "-chardev", "socket,id=b,path=/tmp/b,,1.sock,server=on,wait=off",
            "-chardev", "socket,id=mon,path=/tmp/mon.sock,server=on,wait=off", "-mon", "chardev=mon",
            "-serial", "chardev:hub0",
        ];
        var result = QemuCommandLineConverter.Convert(line, "/tmp");
        Assert.Equal(
            ["-chardev", "socket,id=hub0,path=/tmp/muxactors-hub0.sock,server=on,wait=off",
             "-chardev", "socket,id=mon,path=/tmp/mon.sock,server=on,wait=off", "-mon", "chardev=mon",
             "-serial", "chardev:hub0"],
            result.QemuArguments);
        Assert.Contains("\"hub,id=hub0,chardevs.0=a,chardevs.1=b,frontend=hub0-console\"", result.Hocon, StringComparison.Ordinal);
        Assert.Contains("  # left out: pipe,id=v,path=/tmp/fifo: chardev type 'pipe' is not available: MuxActors has no FIFO chardev kind (use a unix socket, pty or file)\n", result.Hocon, StringComparison.Ordinal);
        Assert.Contains("  # left out: chardevs.3=gone: there is no -chardev with id 'gone'\n", result.Hocon, StringComparison.Ordinal);
        Assert.Contains("  # left out: chardevs.5=late: QEMU reads chardevs.0, chardevs.1, ... up to the first missing index\n", result.Hocon, StringComparison.Ordinal);
        var mux = Assert.Single(ReadBack(result.Hocon).Muxes);
        Assert.Equal(("hub0", "hub0-console"), (mux.Name, mux.Frontend.Id));
        Assert.Equal([("a", "pty"), ("b", "unix-server")], mux.Backends.Select(b => (b.Id, b.Type)));
        Assert.Equal("/tmp/b,1.sock", mux.Backends[1].Options.GetString("path"));
    }

    [Fact]
    public void Run_prints_quoted_arguments_then_the_configuration()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, FromQemuCommand.Run([.. MuxBeExample, "-name", "my vm"], "/tmp", null, output, error));
        var lines = output.ToString().Split('\n');
        Assert.Equal("# QEMU arguments to use instead (the devices keep pointing at mux0):", lines[0]);
        Assert.EndsWith("-device virtconsole,chardev=mux0 -name 'my vm'", lines[1], StringComparison.Ordinal);
        Assert.Contains("muxactors.qemu.chardevs = [", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void Run_writes_the_configuration_to_a_file()
    {
        var dir = Directory.CreateTempSubdirectory("muxactors-from-qemu-").FullName;
        try
        {
            var file = Path.Combine(dir, "vm.conf");
            using var output = new StringWriter();
            using var error = new StringWriter();
            Assert.Equal(0, FromQemuCommand.Run(MuxBeExample, "/tmp", file, output, error));
            Assert.Single(ReadBack(File.ReadAllText(file)).Muxes);
            Assert.Contains($"# MuxActors configuration written to {file}", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Run_without_a_mux_is_an_error()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(1, FromQemuCommand.Run(["-chardev", "socket,id=c,path=p,server=on", "-serial", "chardev:c"], "/tmp", null, output, error));
        Assert.Equal("muxactors from-qemu: no -chardev mux-be or hub in the QEMU arguments: there is nothing to take out", error.ToString().Trim());
    }

    [Fact]
    public async Task Command_line_runs_the_converter()
    {
        await using var service = ServiceProcess.Start(ExampleConfigTests.RepoRoot(), null, ["from-qemu", "--socket-dir", "/run/mx", "--", .. MuxBeExample]);
        Assert.True(await service.WaitForExitAsync() == 0, service.Output);
        Assert.Contains(service.Lines, l => l.EndsWith("-chardev socket,id=mux0,path=/run/mx/muxactors-mux0.sock,server=on,wait=off -device virtconsole,chardev=mux0", StringComparison.Ordinal));
        Assert.Contains("  \"socket,path=/tmp/sock,server=on,wait=off,id=sock0,mux-be-id=mux0\"", service.Lines);
    }
}
