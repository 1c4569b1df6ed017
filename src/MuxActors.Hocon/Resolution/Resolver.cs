using System.Runtime.CompilerServices;

namespace MuxActors.Hocon;

/// <summary>
/// Resolves substitutions in a parsed tree, in place. Lookups start at the root, are lazy (only the
/// fields on the path are resolved, so an object may refer into itself) and memoized. When a lookup
/// reaches a field that is itself being resolved, it "looks back": it sees only the definitions of
/// that field written before the one being resolved, which is what makes <c>path = ${path}":/bin"</c>
/// and <c>+=</c> work. Anything else that returns to a field under resolution is a cycle.
/// </summary>
internal sealed class Resolver
{
    public const int MaxResolveDepth = 1500;
    public const int MaxValueDepth = 1000;

    private readonly HoconObject _root;
    private readonly Func<string, string?> _environment;
    private readonly Budget _budget;
    private readonly List<(HoconSubstitution Substitution, KeyPath? Key)> _trail = [];
    private int _depth;

    private Resolver(HoconObject root, Func<string, string?> environment, Budget budget)
    {
        _root = root;
        _environment = environment;
        _budget = budget;
    }

    public static void Resolve(HoconObject root, Func<string, string?> environment, Budget budget) =>
        new Resolver(root, environment, budget).ResolveFully(root, null);

    private void ResolveFully(HoconValue value, KeyPath? path)
    {
        switch (value)
        {
            case HoconObject o:
                ResolveObject(o, path);
                break;
            case HoconArray a:
                ResolveArray(a, path);
                break;
        }
    }

    private void ResolveObject(HoconObject o, KeyPath? path)
    {
        if (o.Resolved)
        {
            return;
        }

        if (o.Resolving)
        {
            throw CycleThroughContainer(o, path);
        }

        o.Resolving = true;
        Enter(o);
        var depth = 1;
        var vanished = false;
        for (var i = 0; i < o.Count; i++)
        {
            var current = o.ValueAt(i);
            if (current is HoconScalar)
            {
                continue;
            }

            if (current is HoconObject { Resolved: true } or HoconArray { Resolved: true })
            {
                depth = Math.Max(depth, DepthOf(current) + 1);
                continue;
            }

            var childPath = new KeyPath(path, o.KeyAt(i));
            var hitCycle = false;
            var r = ResolveSlot(o, i, childPath, forLookup: false, ref hitCycle);
            if (r is null)
            {
                vanished = true;
                continue;
            }

            ResolveFully(r, childPath);
            depth = Math.Max(depth, DepthOf(r) + 1);
        }

        if (vanished)
        {
            o.RemoveVanished();
        }

        CheckDepth(depth, o, path);
        o.Depth = depth;
        o.Resolving = false;
        o.Resolved = true;
        Leave();
    }

    private void ResolveArray(HoconArray a, KeyPath? path)
    {
        if (a.Resolved)
        {
            return;
        }

        if (a.Resolving)
        {
            throw CycleThroughContainer(a, path);
        }

        a.Resolving = true;
        Enter(a);
        var items = a.MutableItems;
        var depth = 1;
        var vanished = false;
        for (var i = 0; i < items.Count; i++)
        {
            var v = items[i];
            if (v is HoconScalar)
            {
                continue;
            }

            var itemPath = KeyPath.Index(path, i);
            if (v is HoconSubstitution or HoconConcatenation)
            {
                if (IsInProgress(v))
                {
                    throw CycleThroughContainer(a, path);
                }

                v = Evaluate(v, itemPath);
                if (v is null)
                {
                    items[i] = HoconVanished.Instance;
                    vanished = true;
                    continue;
                }

                items[i] = v;
            }

            ResolveFully(v, itemPath);
            depth = Math.Max(depth, DepthOf(v) + 1);
        }

        if (vanished)
        {
            items.RemoveAll(v => v is HoconVanished);
        }

        CheckDepth(depth, a, path);
        a.Depth = depth;
        a.Resolving = false;
        a.Resolved = true;
        Leave();
    }

    /// <summary>
    /// Brings field <paramref name="index"/> of <paramref name="o"/> to a resolved shape (its own
    /// fields may still be unresolved) and stores it. Null when the field does not exist after all.
    /// </summary>
    private HoconValue? ResolveSlot(HoconObject o, int index, KeyPath path, bool forLookup, ref bool hitCycle)
    {
        var v = o.ValueAt(index);
        switch (v)
        {
            case HoconVanished:
                return null;
            case HoconMergeStack stack:
                if (stack.Ceiling >= 0)
                {
                    // This field is being defined further up the call stack: look back.
                    if (!forLookup)
                    {
                        throw CycleThroughContainer(o, path.Parent);
                    }

                    hitCycle = true;
                    return stack.Ceiling == 0 ? null : ResolveStack(stack, stack.Ceiling - 1, path);
                }

                var merged = ResolveStack(stack, stack.Entries.Count - 1, path);
                o.SetAt(index, merged ?? HoconVanished.Instance);
                return merged;
            case HoconSubstitution or HoconConcatenation:
                if (IsInProgress(v))
                {
                    // A single definition that refers to itself: there is nothing earlier to see.
                    if (!forLookup)
                    {
                        throw CycleThroughContainer(o, path.Parent);
                    }

                    hitCycle = true;
                    return null;
                }

                var r = Evaluate(v, path);
                o.SetAt(index, r ?? HoconVanished.Instance);
                return r;
            default:
                return v;
        }
    }

    /// <summary>The value of entries 0..top of a merge stack, newest first; memoized per level.</summary>
    private HoconValue? ResolveStack(HoconMergeStack stack, int top, KeyPath path)
    {
        if (stack.TryGetMemo(top, out var memo))
        {
            return memo;
        }

        var entry = stack.Entries[top];
        if (entry is HoconConcatenation { IsAppend: true })
        {
            // A run of `+=` entries each looks at the one below: resolve the run bottom-up so a long
            // list of appends does not recurse once per append.
            var low = top;
            while (low > 0 && stack.Entries[low - 1] is HoconConcatenation { IsAppend: true })
            {
                low--;
            }

            for (var k = low; k < top; k++)
            {
                ResolveStack(stack, k, path);
            }
        }

        HoconValue? result;
        switch (entry)
        {
            case HoconSubstitution or HoconConcatenation:
                var saved = stack.Ceiling;
                stack.Ceiling = top;
                HoconValue? v;
                try
                {
                    v = Evaluate(entry, path);
                }
                finally
                {
                    stack.Ceiling = saved;
                }

                result = v switch
                {
                    // An undefined ${?x} leaves the earlier value in place.
                    null => top > 0 ? ResolveStack(stack, top - 1, path) : null,
                    HoconObject vo => MergeBelow(stack, top, vo, path),
                    _ => v,
                };
                break;
            case HoconObject eo:
                result = MergeBelow(stack, top, eo, path);
                break;
            case HoconVanished:
                result = top > 0 ? ResolveStack(stack, top - 1, path) : null;
                break;
            default:
                // A scalar or array hides everything below it.
                result = entry;
                break;
        }

        stack.SetMemo(top, result);
        return result;
    }

    private HoconObject MergeBelow(HoconMergeStack stack, int top, HoconObject above, KeyPath path)
    {
        if (top == 0)
        {
            return above;
        }

        var below = ResolveStack(stack, top - 1, path);
        return below is HoconObject bo ? Merger.MergeObjects(bo, above, _budget) : above;
    }

    private HoconValue? Evaluate(HoconValue v, KeyPath path) => v switch
    {
        HoconSubstitution s => EvaluateSubstitution(s, path),
        HoconConcatenation c => EvaluateConcatenation(c, path),
        _ => v,
    };

    private HoconValue? EvaluateConcatenation(HoconConcatenation c, KeyPath path)
    {
        if (c.Done)
        {
            return c.Result;
        }

        Enter(c);
        c.InProgress = true;
        HoconValue? result;
        try
        {
            var values = new List<HoconValue?>(c.Parts.Count);
            foreach (var part in c.Parts)
            {
                values.Add(part is HoconSubstitution s ? EvaluateSubstitution(s, path) : part);
            }

            result = Concatenator.Combine(values, c.Parts, c.Pos, _budget, c.IsAppend, path);
        }
        finally
        {
            c.InProgress = false;
            Leave();
        }

        c.Done = true;
        c.Result = result;
        return result;
    }

    private HoconValue? EvaluateSubstitution(HoconSubstitution s, KeyPath? path)
    {
        if (s.Done)
        {
            return s.Result;
        }

        Enter(s);
        s.InProgress = true;
        _trail.Add((s, path));
        HoconValue? found;
        try
        {
            var hitCycle = false;
            found = Lookup(s.Path, ref hitCycle, out var problem);
            if (found is null && s.FallbackPath is not null)
            {
                found = Lookup(s.FallbackPath, ref hitCycle, out var fallbackProblem);
                problem ??= fallbackProblem;
            }

            var envName = string.Join('.', s.FallbackPath ?? s.Path);
            if (found is null && s.AllowEnvironment)
            {
                var env = _environment(envName);
                if (env is not null)
                {
                    found = HoconScalar.String(s.Pos, env);
                }
            }

            if (found is null && !s.Optional)
            {
                throw Unresolved(s, path, hitCycle, problem, envName);
            }
        }
        finally
        {
            s.InProgress = false;
            _trail.RemoveAt(_trail.Count - 1);
            Leave();
        }

        s.Done = true;
        s.Result = found;
        return found;
    }

    /// <summary>Finds a path from the root and fully resolves what is there; null when absent.</summary>
    private HoconValue? Lookup(string[] path, ref bool hitCycle, out string? problem)
    {
        problem = null;
        HoconValue current = _root;
        for (var i = 0; i < path.Length; i++)
        {
            if (current is not HoconObject o)
            {
                problem = $"'{HoconPath.Render(path.Take(i))}' is {Concatenator.Article(current)}, not an object";
                return null;
            }

            var idx = o.IndexOf(path[i]);
            if (idx < 0)
            {
                return null;
            }

            var v = o.ValueAt(idx);
            if (v is not (HoconScalar or HoconObject or HoconArray))
            {
                v = ResolveSlot(o, idx, PathOf(path, i + 1), forLookup: true, ref hitCycle);
                if (v is null)
                {
                    return null;
                }
            }

            current = v;
        }

        // A container still being resolved further up the call stack contains this very reference.
        if (current is HoconObject { Resolving: true } or HoconArray { Resolving: true })
        {
            hitCycle = true;
            return null;
        }

        if (current is HoconObject { Resolved: false } or HoconArray { Resolved: false })
        {
            ResolveFully(current, PathOf(path, path.Length));
        }

        return current;
    }

    /// <summary>The first <paramref name="count"/> elements as a <see cref="KeyPath"/>, built only when needed.</summary>
    private static KeyPath PathOf(string[] path, int count)
    {
        KeyPath? kp = null;
        for (var i = 0; i < count; i++)
        {
            kp = new KeyPath(kp, path[i]);
        }

        return kp!;
    }

    private static bool IsInProgress(HoconValue v) => v switch
    {
        HoconSubstitution s => s.InProgress,
        HoconConcatenation c => c.InProgress,
        _ => false,
    };

    private static int DepthOf(HoconValue v) => v switch
    {
        HoconObject o => o.Depth,
        HoconArray a => a.Depth,
        _ => 0,
    };

    private static void CheckDepth(int depth, HoconValue container, KeyPath? path)
    {
        if (depth > MaxValueDepth)
        {
            throw new HoconException(container.Origin, KeyPath.Render(path), $"value nested deeper than {MaxValueDepth} levels");
        }
    }

    private void Enter(HoconValue at)
    {
        if (++_depth > MaxResolveDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new HoconException(at.Origin, null, "substitutions nested too deeply to resolve");
        }
    }

    private void Leave() => _depth--;

    private HoconException Unresolved(HoconSubstitution s, KeyPath? path, bool hitCycle, string? problem, string envName)
    {
        var key = KeyPath.Render(path);
        string reason;
        if (hitCycle)
        {
            reason = $"could not resolve substitution {s.Display} for key '{key}': it refers back to a value that is still being resolved, and there is no earlier definition to use instead ({Trail()})";
        }
        else if (problem is not null)
        {
            reason = $"could not resolve substitution {s.Display} for key '{key}': {problem}";
        }
        else
        {
            var env = s.AllowEnvironment ? $" or environment variable '{envName}'" : string.Empty;
            reason = $"could not resolve substitution {s.Display} for key '{key}': there is no such key{env} (write ${{?...}} if it is optional)";
        }

        return new HoconException(s.Origin, key, reason);
    }

    private HoconException CycleThroughContainer(HoconValue container, KeyPath? path)
    {
        var key = KeyPath.Render(path);
        var origin = _trail.Count > 0 ? _trail[^1].Substitution.Origin : container.Origin;
        return new HoconException(origin, key, $"substitution cycle: the value of '{key}' refers back to itself ({Trail()})");
    }

    private string Trail() =>
        _trail.Count == 0
            ? "no substitution"
            : "cycle: " + string.Join(" -> ", _trail.Select(t => $"'{KeyPath.Render(t.Key)}' = {t.Substitution.Display}"));
}
