using MuxActors.Core.Mux;
using MuxActors.Hocon;

namespace MuxActors.Core.Config;

/// <summary>A validated configuration: the muxes to run, and the whole tree for the host's own settings.</summary>
/// <param name="Muxes">The muxes, in configuration order.</param>
/// <param name="Root">The resolved configuration.</param>
public sealed record ServiceConfig(IReadOnlyList<MuxDefinition> Muxes, HoconConfig Root);
