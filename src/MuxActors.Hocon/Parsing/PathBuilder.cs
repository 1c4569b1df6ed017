using System.Text;

namespace MuxActors.Hocon;

/// <summary>
/// Builds a path expression from the pieces of a key or substitution: unquoted text splits on
/// <c>.</c>, quoted text never does, and whitespace is kept only between pieces.
/// </summary>
internal struct PathBuilder
{
    private string? _firstElement;    // fast path: most keys have one element, so no list is made
    private List<string>? _elements;
    private StringBuilder? _current;
    private string? _single;          // fast path: the whole current element is one piece
    private bool _currentTouched;     // current element has content, or a quoted (possibly empty) piece
    private string? _pendingWhitespace;

    public readonly bool IsEmpty => _firstElement is null && !_currentTouched;

    /// <summary>Interns single-piece elements through this cache (keys repeat a lot in real configs).</summary>
    public KeyCache? Cache { get; set; }

    /// <summary>Appends unquoted text; returns the index of a <c>.</c> that would make an empty element, or -1.</summary>
    public int AppendUnquoted(ReadOnlySpan<char> text)
    {
        FlushWhitespace();
        var segStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '.')
            {
                continue;
            }

            if (i > segStart)
            {
                AppendToCurrent(text[segStart..i]);
            }

            if (!_currentTouched)
            {
                return i;
            }

            EndElement();
            segStart = i + 1;
        }

        if (segStart < text.Length)
        {
            AppendToCurrent(text[segStart..]);
        }

        return -1;
    }

    public void AppendQuoted(string text)
    {
        FlushWhitespace();
        AppendToCurrent(text);
        _currentTouched = true;
    }

    public void AppendWhitespace(string text)
    {
        // Leading whitespace is dropped; inner whitespace is kept once another piece follows.
        if (_firstElement is null && !_currentTouched)
        {
            return;
        }

        _pendingWhitespace = _pendingWhitespace is null ? text : _pendingWhitespace + text;
    }

    /// <summary>Finishes the path; null when it is empty or ends with a dot.</summary>
    public string[]? Finish()
    {
        _pendingWhitespace = null;
        if (!_currentTouched)
        {
            return null;
        }

        EndElement();
        return _elements is null ? [_firstElement!] : [.. _elements];
    }

    private void FlushWhitespace()
    {
        if (_pendingWhitespace is not null)
        {
            var ws = _pendingWhitespace;
            _pendingWhitespace = null;
            AppendToCurrent(ws);
        }
    }

    private void AppendToCurrent(ReadOnlySpan<char> text)
    {
        if (!_currentTouched && _current is null && _single is null)
        {
            _single = Cache is null ? text.ToString() : Cache.Get(text);
        }
        else
        {
            if (_current is null)
            {
                _current = new StringBuilder();
            }

            if (_single is not null)
            {
                _current.Append(_single);
                _single = null;
            }

            _current.Append(text);
        }

        _currentTouched = true;
    }

    private void EndElement()
    {
        string element;
        if (_single is not null)
        {
            element = _single;
            _single = null;
        }
        else if (_current is not null && _current.Length > 0)
        {
            element = _current.ToString();
            _current.Clear();
        }
        else
        {
            element = string.Empty;
        }

        if (_firstElement is null)
        {
            _firstElement = element;
        }
        else
        {
            _elements ??= [_firstElement];
            _elements.Add(element);
        }

        _currentTouched = false;
    }
}
