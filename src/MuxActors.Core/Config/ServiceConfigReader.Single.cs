using MuxActors.Core.Chardevs;
using MuxActors.Hocon;

namespace MuxActors.Core.Config;

/// <summary>Reading one chardev on its own (for chardevs added at run time).</summary>
public sealed partial class ServiceConfigReader
{
    /// <summary>
    /// Reads and validates one backend chardev block as if it were defined under a mux, with <c>muxactors.defaults</c>
    /// of <paramref name="root"/> (if given) applied.
    /// </summary>
    public (ChardevSpec? Spec, IReadOnlyList<ConfigError> Errors) TryReadBackend(string id, HoconConfig block, HoconConfig? root = null)
    {
        ArgumentNullException.ThrowIfNull(block);
        var run = new Run(registry);
        var spec = run.ReadStandalone(id, block, root);
        return run.Errors.Count > 0 ? (null, run.Errors) : (spec, run.Errors);
    }

    private sealed partial class Run
    {
        public ChardevSpec? ReadStandalone(string id, HoconConfig block, HoconConfig? root)
        {
            if (root is not null && root.HasPath("muxactors.defaults"))
                _defaults = Guard(() => root.GetConfig("muxactors.defaults"));
            var layers = new LayeredSettings((_defaults, "output"));
            var spec = Guard(() => BuildSpec(id, block, layers, frontend: false));
            if (spec is not null)
                Claim("(run time)", spec, frontend: false);
            return spec;
        }
    }
}
