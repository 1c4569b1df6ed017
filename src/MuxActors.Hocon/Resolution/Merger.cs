namespace MuxActors.Hocon;

/// <summary>
/// Object merging (duplicate keys, includes, object concatenation). Later values win, except that two
/// objects merge field by field; a value that depends on a substitution is kept on a merge stack.
/// </summary>
internal static class Merger
{
    /// <summary>Parse time: <paramref name="target"/> belongs to the parser, so it is changed in place.</summary>
    public static void MergeField(HoconObject target, string key, HoconValue value)
    {
        var i = target.IndexOf(key);
        if (i < 0)
        {
            target.Add(key, value);
        }
        else
        {
            target.SetAt(i, MergeOwned(target.ValueAt(i), value));
        }
    }

    private static HoconValue MergeOwned(HoconValue older, HoconValue newer)
    {
        switch (newer)
        {
            case HoconObject newObject:
                switch (older)
                {
                    case HoconObject oldObject:
                        foreach (var field in newObject.FieldList)
                        {
                            MergeField(oldObject, field.Key, field.Value);
                        }

                        return oldObject;
                    case HoconMergeStack stack:
                        if (stack.Entries[^1] is HoconObject top)
                        {
                            foreach (var field in newObject.FieldList)
                            {
                                MergeField(top, field.Key, field.Value);
                            }
                        }
                        else
                        {
                            stack.Entries.Add(newObject);
                        }

                        return stack;
                    case HoconSubstitution or HoconConcatenation:
                        return new HoconMergeStack(older.Pos, [older, newObject]);
                    default:
                        // A scalar or array is simply replaced by the object.
                        return newObject;
                }

            case HoconSubstitution or HoconConcatenation:
                if (older is HoconMergeStack olderStack)
                {
                    olderStack.Entries.Add(newer);
                    return olderStack;
                }

                return new HoconMergeStack(newer.Pos, [older, newer]);
            case HoconMergeStack newStack:
                if (older is HoconMergeStack oldStack)
                {
                    oldStack.Entries.AddRange(newStack.Entries);
                    return oldStack;
                }

                newStack.Entries.Insert(0, older);
                return newStack;
            default:
                // A scalar or array hides whatever was there; a hidden substitution is never evaluated.
                return newer;
        }
    }

    /// <summary>Resolution time: the inputs may be shared, so a new object is built.</summary>
    public static HoconObject MergeObjects(HoconObject older, HoconObject newer, Budget budget)
    {
        budget.Spend(older.Count + newer.Count, newer.Pos);
        var result = new HoconObject(older.Pos, older.Count + newer.Count);
        foreach (var field in older.FieldList)
        {
            if (field.Value is not HoconVanished)
            {
                result.Add(field.Key, field.Value);
            }
        }

        foreach (var field in newer.FieldList)
        {
            if (field.Value is HoconVanished)
            {
                continue;
            }

            var i = result.IndexOf(field.Key);
            if (i < 0)
            {
                result.Add(field.Key, field.Value);
            }
            else
            {
                result.SetAt(i, MergeShared(result.ValueAt(i), field.Value, budget));
            }
        }

        if (older.Resolved && newer.Resolved)
        {
            result.Resolved = true;
            result.Depth = Math.Max(older.Depth, newer.Depth);
        }

        return result;
    }

    private static HoconValue MergeShared(HoconValue older, HoconValue newer, Budget budget)
    {
        switch (newer)
        {
            case HoconObject newObject:
                return older switch
                {
                    HoconObject oldObject => MergeObjects(oldObject, newObject, budget),
                    HoconMergeStack stack => new HoconMergeStack(stack.Pos, [.. stack.Entries, newObject]),
                    HoconSubstitution or HoconConcatenation => new HoconMergeStack(older.Pos, [older, newObject]),
                    _ => newObject,
                };
            case HoconSubstitution or HoconConcatenation:
                return older switch
                {
                    HoconMergeStack stack => new HoconMergeStack(stack.Pos, [.. stack.Entries, newer]),
                    _ => new HoconMergeStack(newer.Pos, [older, newer]),
                };
            case HoconMergeStack newStack:
                return older switch
                {
                    HoconMergeStack stack => new HoconMergeStack(stack.Pos, [.. stack.Entries, .. newStack.Entries]),
                    _ => new HoconMergeStack(newStack.Pos, [older, .. newStack.Entries]),
                };
            default:
                return newer;
        }
    }
}
