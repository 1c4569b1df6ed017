namespace MuxActors.Actors;

/// <summary>What a supervisor does with a child that failed.</summary>
public enum Directive
{
    /// <summary>Keep the instance and its state; drop the failing message and go on.</summary>
    Resume,

    /// <summary>Replace the instance with a fresh one; the failing message is dropped, the mailbox is kept.</summary>
    Restart,

    /// <summary>Stop the child (and its children).</summary>
    Stop,

    /// <summary>Fail the supervisor itself with the same exception, so its own parent decides.</summary>
    Escalate,
}

/// <summary>A supervisor's decision: a directive and, for restarts, how long to wait first.</summary>
/// <param name="Directive">What to do.</param>
/// <param name="Delay">Delay before a restart (zero for an immediate one).</param>
public readonly record struct SupervisionDecision(Directive Directive, TimeSpan Delay);
