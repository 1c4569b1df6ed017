using MuxActors.Core.Mux;
using MuxActors.Core.Protocol;
using Xunit.Abstractions;

namespace MuxActors.Core.Tests;

/// <summary>
/// A mux answers <see cref="AwaitListening"/> (the service's last question before READY=1) once each chardev that
/// listens has bound its address, failed to, or opened its port.
/// </summary>
public sealed class ListenerReadinessSpec(ITestOutputHelper output) : ProbedMuxSpec(output)
{
    private const string Backends = "listener { type = probe, open = off, listens = on }, plain { type = probe }";

    [Fact]
    public async Task The_answer_waits_until_the_listener_has_bound()
    {
        var mux = await StartMux("t", Backends, "", "listener", "plain");
        mux.Tell(AwaitListening.Instance, TestActor);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));

        Emit("listener", new ChardevListening("listener"));
        await ExpectMsgAsync<MuxListening>();
        mux.Tell(AwaitListening.Instance, TestActor); // and from then on at once
        await ExpectMsgAsync<MuxListening>();
    }

    [Fact]
    public async Task A_listener_that_fails_to_bind_is_waited_for_no_longer()
    {
        var mux = await StartMux("t", Backends, "", "listener", "plain");
        mux.Tell(AwaitListening.Instance, TestActor);
        Emit("listener", "fail"); // it restarts with backoff; the service must not wait for that
        await ExpectMsgAsync<MuxListening>();
    }

    [Fact]
    public async Task A_port_that_opens_says_its_chardev_listens()
    {
        var mux = await StartMux("t", Backends, "", "listener", "plain");
        mux.Tell(AwaitListening.Instance, TestActor);
        Emit("listener", new PortOpened(new PortInfo("listener", PortRole.Backend, "probe:listener"))); // as a web backend does
        await ExpectMsgAsync<MuxListening>();
    }

    [Fact]
    public async Task A_listener_removed_before_it_bound_is_waited_for_no_longer()
    {
        var mux = await StartMux("t", Backends, "", "listener", "plain");
        mux.Tell(AwaitListening.Instance, TestActor);
        mux.Tell(new RemoveBackend("listener"), TestActor);
        await ExpectMsgAsync<MuxCommandResult>(r => r.Ok);
        await ExpectMsgAsync<MuxListening>();
    }

    [Fact]
    public async Task A_mux_without_listeners_answers_at_once()
    {
        var mux = await StartMux("t", "plain { type = probe }", "", "plain");
        mux.Tell(AwaitListening.Instance, TestActor);
        await ExpectMsgAsync<MuxListening>();
    }
}
