using MuxActors.Core.Output;

namespace MuxActors.Chardevs.Attach;

/// <summary>How an ad-hoc port (muxctl attach or tail, a web terminal) presents itself to its mux.</summary>
/// <param name="ChardevId">The id shown in status and events, for example <c>attach</c> or <c>tail</c>.</param>
/// <param name="Peer">Who is on the other end (credentials or an address), for status and logs.</param>
/// <param name="Sink">Its output policy and replay.</param>
/// <param name="ReadOnly">Whether its input is discarded.</param>
public sealed record AttachedPortOptions(string ChardevId, string Peer, SinkOptions Sink, bool ReadOnly);
