namespace MuxActors.Actors.Internal;

/// <summary>The stash of one cell: envelopes set aside, replayed at the front of the mailbox in stash order.</summary>
internal sealed partial class ActorCell
{
    private sealed class StashImpl(ActorCell cell) : IStash
    {
        private readonly LinkedList<Envelope> _stashed = new();

        public int Count => _stashed.Count;

        public void Stash()
        {
            var current = cell._current;
            if (current.Message is null)
                throw new InvalidOperationException("There is no current message to stash.");
            if (_stashed.Last is { } last && ReferenceEquals(last.Value.Message, current.Message))
                throw new InvalidOperationException($"The message {current.Message.GetType().Name} is already stashed.");
            _stashed.AddLast(current);
        }

        public void Unstash()
        {
            if (_stashed.First is not { } first)
                return;
            _stashed.RemoveFirst();
            cell._unstashed.AddFirst(first.Value);
        }

        public void UnstashAll()
        {
            // Walk backwards so that prepending keeps the original order ahead of anything already unstashed.
            for (var node = _stashed.Last; node is not null; node = node.Previous)
                cell._unstashed.AddFirst(node.Value);
            _stashed.Clear();
        }

        public List<Envelope> DrainAll()
        {
            var all = _stashed.ToList();
            _stashed.Clear();
            return all;
        }
    }
}
