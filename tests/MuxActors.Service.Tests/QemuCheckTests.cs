using MuxActors.Chardevs.Common;
using MuxActors.Chardevs;
using MuxActors.Service.Hosting;

namespace MuxActors.Service.Tests;

/// <summary><c>muxactors --check</c> with QEMU option strings, in a file and as <c>--chardev</c>.</summary>
public sealed class QemuCheckTests
{
    [Fact]
    public async Task Chardev_arguments_alone_pass_check()
    {
        await using var service = ServiceProcess.Start(ExampleConfigTests.RepoRoot(), null, "--check",
            "--chardev", "mux-be,id=mux0,frontend=con0",
            "--chardev", "socket,id=con0,path=/tmp/muxactors-check-vm.sock",
            "--chardev", "socket,path=/tmp/muxactors-check.sock,server=on,wait=off,id=sock0,mux-be-id=mux0");
        Assert.True(await service.WaitForExitAsync() == 0, service.Output);
        Assert.Contains("--chardev: OK, 1 mux(es): mux0", service.Lines);
    }

    [Fact]
    public async Task Chardev_arguments_join_a_mux_of_the_file()
    {
        var dir = Directory.CreateTempSubdirectory("muxactors-qemu-").FullName;
        try
        {
            var path = Path.Combine(dir, "vm.conf");
            await File.WriteAllTextAsync(path, "muxactors.muxes.vm1 { frontend { type = unix-client, path = vm.sock }, backends { n { type = null } } }\n");
            await using var service = ServiceProcess.Start(dir, null, "--check", "--config", path,
                "--chardev", "ringbuf,id=ring,size=4K,mux-be-id=vm1");
            Assert.True(await service.WaitForExitAsync() == 0, service.Output);
            Assert.Contains($"{path}: OK, 1 mux(es): vm1", service.Lines);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Check_prints_every_qemu_error_in_qemu_words()
    {
        var dir = Directory.CreateTempSubdirectory("muxactors-qemu-").FullName;
        try
        {
            var path = Path.Combine(dir, "bad.conf");
            await File.WriteAllTextAsync(path, """
                muxactors.qemu.chardevs = [
                  "socket,id=f1,path=p,server=on,foo=1"
                  "hub,id=fh,frontend=x"
                ]

                """);
            string[] chardevs =
            [
                "socket,id=s1,path=p,foo=1",
                "socket,id=s2,path=p,server=2",
                "hub,id=h1,frontend=c1",
                "hub,id=h2,frontend=c2,chardevs.0=nope,chardevs.1=mux1",
                "mux-be,id=mux1,frontend=c3",
                "socket,id=c3,path=q",
                "null,id=n1,mux-be-id=mux1",
                "hub,id=h3,frontend=c4,chardevs.0=n1",
                "socket,id=c4,path=r",
                "null,id=n1",
                "vc,id=vc0,cols=1,mux-be-id=mux1",
                "socket,id=t,path=p,telnet=on",
                "pty,id=m,mux=on,mux-be-id=mux1",
            ];
            await using var service = ServiceProcess.Start(dir, null, ["--check", "--config", path, .. chardevs.SelectMany(c => new[] { "--chardev", c })]);
            Assert.Equal(1, await service.WaitForExitAsync());
            string[] expected =
            [
                $"muxactors: {path}:2:3: 'socket,id=f1,path=p,server=on,foo=1': Invalid parameter 'foo' (at muxactors.qemu.chardevs.0)",
                $"muxactors: {path}:3:3: 'hub,id=fh,frontend=x': hub: 'chardevs' list is not defined (at muxactors.qemu.chardevs.1)",
                "muxactors: --chardev 'socket,id=s1,path=p,foo=1': Invalid parameter 'foo'",
                "muxactors: --chardev 'socket,id=s2,path=p,server=2': Parameter 'server' expects 'on' or 'off'",
                "muxactors: --chardev 'hub,id=h1,frontend=c1': hub: 'chardevs' list is not defined",
                "muxactors: --chardev 'null,id=n1': Chardev with id 'n1' already exists",
                "muxactors: --chardev 'vc,id=vc0,cols=1,mux-be-id=mux1': Parameter 'cols' expects a number from 2 to 512",
                "muxactors: --chardev 'socket,id=t,path=p,telnet=on': telnet is not supported yet",
                "muxactors: --chardev 'pty,id=m,mux=on,mux-be-id=mux1': chardev: mux and mux-be can't be used for the same device",
                "muxactors: --chardev 'hub,id=h2,frontend=c2,chardevs.0=nope,chardevs.1=mux1': hub: chardev can't be found by id 'nope'",
                "muxactors: --chardev 'hub,id=h2,frontend=c2,chardevs.0=nope,chardevs.1=mux1': hub: multiplexers and hub devices can't be stacked, check chardev 'mux1', chardev should not be a hub device or have 'mux=on' enabled",
                "muxactors: --chardev 'hub,id=h3,frontend=c4,chardevs.0=n1': chardev 'n1' is already in use",
                $"muxactors: {path}: 12 error(s); nothing was started",
            ];
            Assert.Equal(expected, service.Lines.Where(l => l.StartsWith("muxactors: ", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Relative_paths_in_a_file_resolve_against_its_folder()
    {
        var root = ExampleConfigTests.RepoRoot();
        var (config, errors) = new MuxConfigLoader(BuiltInChardevs.CreateRegistry()).LoadFile(Path.Combine(root, "config", "qemu-syntax.conf"));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var hub = config!.Muxes.Single(m => m.Name == "hub1");
        var log = hub.Backends.Single(b => b.Id == "log1");
        Assert.Equal(Path.Combine(root, "config", "run", "vm2.log"), ChardevOptions.ResolvePath(log.Options, "path"));
    }
}
