namespace MuxActors.Service.Tests;

/// <summary>The real service running chardevs given in QEMU's syntax, in the file and as <c>--chardev</c>.</summary>
public sealed class QemuServiceTests() : ConsoleVmTests<EchoVm>("muxactors-qemu-e2e-", path => new EchoVm(path))
{

    [Fact]
    public async Task Chardev_arguments_serve_the_console_and_survive_a_reload()
    {
        var config = Path.Combine(Dir, "vm.conf");
        await File.WriteAllTextAsync(config, """
            muxactors.qemu.chardevs = [
              "mux-be,id=vm1,frontend=con"
              "socket,id=con,path=vm.sock,reconnect-ms=100"
            ]
            """);
        await using var service = ServiceProcess.Start(Dir, null, "--config", config,
            "--chardev", "socket,id=a,path=a.sock,server=on,wait=off,mux-be-id=vm1");
        await service.WaitForLineAsync("MuxActors ready: 1 mux");
        await service.WaitForLineAsync("Mux vm1: console con connected");
        await using var client = await UnixClient.ConnectAsync(Path.Combine(Dir, "a.sock"));
        await service.WaitForCountAsync("Mux vm1: a attached", 1);
        await client.SendAsync("hello from a\n");
        await client.WaitForTextAsync("hello from a");

        // A reload reads the --chardev strings again: the backend is unchanged and its client stays.
        service.Signal("HUP");
        await service.WaitForLineAsync("0 started, 0 stopped, 0 updated");
        await client.SendAsync("after reload\n");
        await client.WaitForTextAsync("after reload");
        service.Signal("TERM");
        Assert.Equal(0, await service.WaitForExitAsync());
    }
}
