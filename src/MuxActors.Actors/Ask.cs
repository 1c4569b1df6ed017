namespace MuxActors.Actors;

/// <summary>Request/response from outside an actor (or to bridge to async code).</summary>
public static class AskExtensions
{
    /// <summary>
    /// Sends <paramref name="message"/> with a temporary reply-to reference and awaits the first reply.
    /// A <see cref="Status.Failure"/> reply throws its cause; no reply within <paramref name="timeout"/> throws
    /// <see cref="AskTimeoutException"/> naming the target's path. The timeout runs on the system's TimeProvider.
    /// </summary>
    public static async Task<T> Ask<T>(this IActorRef target, object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var actor = InternalActorRef.From(target);
        var system = actor.System;
        var reply = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        var promise = system.CreateFunctionRef((m, _) => reply.TrySetResult(m), "ask");
        try
        {
            target.Tell(message, promise);
            object answer;
            try
            {
                answer = await reply.Task.WaitAsync(timeout, system.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new AskTimeoutException(
                    $"Ask timed out on [{target.Path}] after {timeout.TotalMilliseconds:0} ms (message type {message.GetType().Name}).");
            }
            return answer switch
            {
                Status.Failure failure => throw failure.Cause,
                T typed => typed,
                _ => throw new InvalidCastException(
                    $"Ask to [{target.Path}] expected a reply of type {typeof(T).Name} but got {answer.GetType().Name}."),
            };
        }
        finally
        {
            promise.Stop();
        }
    }
}
