using System.Text;

namespace MuxActors.Hocon;

/// <summary>
/// Joins the values of a value concatenation: all simple values become one string (whitespace between
/// them kept), all arrays one array, all objects one merged object. Mixing kinds is an error.
/// </summary>
internal static class Concatenator
{
    /// <param name="values">The parts' values; null for an undefined optional substitution.</param>
    /// <param name="written">The parts as written (same length), for error positions.</param>
    /// <param name="origin">Where the concatenation starts.</param>
    /// <param name="budget">Expansion budget.</param>
    /// <param name="isAppend">Whether this is the expansion of <c>+=</c>.</param>
    /// <param name="keyPath">The key being defined (a <see cref="KeyPath"/> or a list of elements), for error messages.</param>
    /// <returns>The joined value, or null when every part was undefined.</returns>
    public static HoconValue? Combine(List<HoconValue?> values, List<HoconValue> written, SourcePos origin, Budget budget, bool isAppend, object? keyPath)
    {
        HoconValue? first = null;
        var firstIndex = -1;
        var count = 0;
        var whitespace = false;
        for (var i = 0; i < values.Count; i++)
        {
            var v = values[i];
            if (v is null)
            {
                continue;
            }

            if (v is HoconWhitespace)
            {
                whitespace = true;
                continue;
            }

            count++;
            if (first is null)
            {
                first = v;
                firstIndex = i;
            }
            else if (Category(v) != Category(first))
            {
                throw Mismatch(first, v, written[firstIndex], written[i], origin, isAppend, keyPath);
            }
        }

        if (first is null)
        {
            // Only undefined ${?x} parts: nothing, unless whitespace between them is text of its own
            // (`${?a} ${?b}` is " ").
            return whitespace ? JoinText(values, origin, budget) : null;
        }

        if (first is HoconObject)
        {
            HoconObject? merged = null;
            foreach (var v in values)
            {
                if (v is HoconObject o)
                {
                    merged = merged is null ? o : Merger.MergeObjects(merged, o, budget);
                }
            }

            return merged;
        }

        if (first is HoconArray firstArray)
        {
            if (count == 1)
            {
                return firstArray;
            }

            var items = new List<HoconValue>();
            foreach (var v in values)
            {
                if (v is HoconArray a)
                {
                    items.AddRange(a.Items);
                }
            }

            budget.Spend(items.Count, origin);
            return new HoconArray(firstArray.Pos, items);
        }

        // Simple values: a lone value keeps its type; otherwise everything is joined as text.
        if (count == 1 && !whitespace)
        {
            return first;
        }

        return JoinText(values, first.Pos, budget);
    }

    private static HoconScalar JoinText(List<HoconValue?> values, SourcePos origin, Budget budget)
    {
        var sb = new StringBuilder();
        foreach (var v in values)
        {
            switch (v)
            {
                case HoconWhitespace w:
                    sb.Append(w.Text);
                    break;
                case HoconScalar s:
                    sb.Append(s.Text);
                    break;
            }
        }

        budget.Spend(sb.Length, origin);
        return HoconScalar.String(origin, sb.ToString());
    }

    private static int Category(HoconValue v) => v switch
    {
        HoconObject => 1,
        HoconArray => 2,
        _ => 0,
    };

    private static HoconException Mismatch(HoconValue first, HoconValue other, HoconValue firstWritten, HoconValue otherWritten, SourcePos origin, bool isAppend, object? keyPath)
    {
        var path = keyPath switch
        {
            KeyPath kp => KeyPath.Render(kp),
            IEnumerable<string> elements => HoconPath.Render(elements),
            _ => string.Empty,
        };
        if (isAppend)
        {
            return new HoconException(ToOrigin(origin), path,
                $"'+=' on key '{path}' needs an array to append to, but the key already holds {Article(first)} (defined at {first.Origin})");
        }

        var firstWhat = Describe(first, firstWritten);
        var otherWhat = Describe(other, otherWritten);
        return new HoconException(otherWritten.Origin, path,
            $"cannot concatenate {otherWhat} with {firstWhat} in the value of '{path}': a concatenation must be all simple values (strings, numbers, booleans, null), all arrays or all objects");
    }

    private static string Describe(HoconValue value, HoconValue written) =>
        written is HoconSubstitution s ? $"{Article(value)} (from {s.Display})" : Article(value);

    private static HoconOrigin ToOrigin(SourcePos p) => new(p.File, p.Line, p.Column);

    internal static string Article(HoconValue v) => v switch
    {
        HoconObject => "an object",
        HoconArray => "an array",
        HoconScalar { Kind: HoconScalarKind.Null } => "null",
        _ => "a " + v.TypeName,
    };
}
