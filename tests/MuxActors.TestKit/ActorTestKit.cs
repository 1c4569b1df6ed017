using Akka.Actor;

namespace MuxActors.TestKit;

/// <summary>
/// Base class for actor tests: one actor system per test (on a <see cref="ManualTimeProvider"/> when asked),
/// probes, and clean termination on dispose.
/// </summary>
public abstract class ActorTestKit : IDisposable
{
    /// <summary>Creates the kit; with <paramref name="manualClock"/> the system's time moves only through <see cref="Clock"/>.</summary>
    protected ActorTestKit(bool manualClock = false, TestKitSettings? settings = null)
    {
        Settings = settings ?? new TestKitSettings();
        Clock = manualClock ? new ManualTimeProvider() : null;
        Sys = ActorSystem.Create(GetType().Name, new ActorSystemOptions { TimeProvider = (TimeProvider?)Clock ?? TimeProvider.System });
        TestActor = CreateTestProbe("testActor");
    }

    /// <summary>The system under test.</summary>
    protected ActorSystem Sys { get; }

    /// <summary>The manual clock, when the kit was created with one.</summary>
    protected ManualTimeProvider? Clock { get; }

    /// <summary>The default timeouts.</summary>
    protected TestKitSettings Settings { get; }

    /// <summary>A probe created with the kit, handy as the default sender.</summary>
    protected TestProbe TestActor { get; }

    /// <summary>Creates another probe.</summary>
    protected TestProbe CreateTestProbe(string? name = null) => new(Sys, name, Settings);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Terminates the actor system (waiting a bounded time for every actor to stop).</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && !Sys.Terminate().Wait(TestKitSettings.Dilated(TimeSpan.FromSeconds(10))))
            throw new TestKitAssertionException("The actor system did not terminate within 10 s.");
    }
}
