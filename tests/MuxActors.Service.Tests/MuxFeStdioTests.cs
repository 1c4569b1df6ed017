namespace MuxActors.Service.Tests;

/// <summary>
/// <c>muxactors --chardev stdio,id=t,mux=on ...</c>: the service started for this terminal, as QEMU's
/// <c>-serial mon:stdio</c>; typing reaches the focused console, Ctrl-A x ends the service.
/// </summary>
public sealed class MuxFeStdioTests() : ConsoleVmTests<EchoVm>("muxactors-muxfe-stdio-", path => new EchoVm(path))
{
    [Fact]
    public async Task Ctrl_a_x_on_stdio_ends_a_service_started_for_it()
    {
        await using var service = ServiceProcess.Start(Dir, null,
            "--chardev", "stdio,id=term,mux=on", "--chardev", "socket,id=vm1,path=vm.sock,mux-fe-id=term");
        await service.WaitForLineAsync("Mux term: console vm1 connected");
        await service.WaitForLineAsync("Mux term: term-base attached");
        await service.TypeAsync("echo-through-the-mux\n");
        await service.WaitForLineAsync("^echo-through-the-mux$"); // the echo VM's answer, on stdout
        await service.TypeAsync("\u0001x");
        Assert.Equal(0, await service.WaitForExitAsync());
        Assert.Contains(service.Lines, l => l.Contains("detached from stdio with the escape key; the service stops", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_reports_mux_on_errors_in_qemu_words()
    {
        await using var service = ServiceProcess.Start(Dir, null, "--check",
            "--chardev", "stdio,id=term,mux=on,max-frontends=1",
            "--chardev", "socket,id=vm1,path=vm.sock,mux-fe-id=term",
            "--chardev", "socket,id=vm2,path=vm2.sock,mux-fe-id=term",
            "--chardev", "pty,id=p,mux-fe-id=term,mux-be-id=mux0");
        Assert.Equal(1, await service.WaitForExitAsync());
        Assert.Contains("muxactors: --chardev 'stdio,id=term,mux=on,max-frontends=1': too many uses of multiplexed chardev 'term' (maximum is 1) (at term.frontends)", service.Lines);
        Assert.Contains("muxactors: --chardev 'pty,id=p,mux-fe-id=term,mux-be-id=mux0': chardev: mux and mux-be can't be used for the same device", service.Lines);
    }

    [Fact]
    public async Task Start_up_refuses_the_same_errors()
    {
        await using var service = ServiceProcess.Start(Dir, null,
            "--chardev", "stdio,id=term,mux=on,echr=300", "--chardev", "socket,id=vm1,path=vm.sock,mux-fe-id=term");
        Assert.NotEqual(0, await service.WaitForExitAsync());
        Assert.Contains(service.Lines, l => l.Contains("--chardev 'stdio,id=term,mux=on,echr=300': Parameter 'echr' expects a character code from 0 to 255 (1 to 26 are Ctrl-A to Ctrl-Z)", StringComparison.Ordinal));
    }
}
