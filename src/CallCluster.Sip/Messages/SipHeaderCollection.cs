using System.Collections;

namespace CallCluster.Sip.Messages;

/// <summary>
/// The header fields of a message in wire order. Comma-list headers (Via, Contact, Route…) hold one entry per
/// value, so <c>Via: a, b</c> and two Via lines look the same. Names are canonical; lookups ignore case.
/// </summary>
public sealed class SipHeaderCollection : IEnumerable<SipHeader>
{
    private readonly List<SipHeader> _headers = [];

    public int Count => _headers.Count;

    public SipHeader this[int index] => _headers[index];

    public bool Contains(string name) => IndexOf(name, 0) >= 0;

    /// <summary>The first value of <paramref name="name"/>, or null.</summary>
    public string? Get(string name)
    {
        var index = IndexOf(name, 0);
        return index < 0 ? null : _headers[index].Value;
    }

    public IReadOnlyList<string> GetAll(string name)
    {
        List<string>? values = null;
        foreach (var header in _headers)
        {
            if (Matches(header, name))
            {
                (values ??= []).Add(header.Value);
            }
        }

        return values ?? (IReadOnlyList<string>)[];
    }

    public void Add(string name, string value) => _headers.Add(new(SipHeaderNames.Canonicalize(name), value));

    /// <summary>Inserts before any existing value of the same name (a proxy or a client adding its Via on top).</summary>
    public void AddFirst(string name, string value)
    {
        var canonical = SipHeaderNames.Canonicalize(name);
        var index = IndexOf(canonical, 0);
        _headers.Insert(index < 0 ? _headers.Count : index, new(canonical, value));
    }

    /// <summary>Replaces every value of <paramref name="name"/> with one value, keeping the first one's position.</summary>
    public void Set(string name, string value)
    {
        var canonical = SipHeaderNames.Canonicalize(name);
        var index = IndexOf(canonical, 0);
        if (index < 0)
        {
            _headers.Add(new(canonical, value));
            return;
        }

        _headers[index] = new(canonical, value);
        for (var i = _headers.Count - 1; i > index; i--)
        {
            if (Matches(_headers[i], canonical))
            {
                _headers.RemoveAt(i);
            }
        }
    }

    public int Remove(string name) => _headers.RemoveAll(h => Matches(h, name));

    /// <summary>Removes the first value of <paramref name="name"/> (e.g. the top Via or Route).</summary>
    public bool RemoveFirst(string name)
    {
        var index = IndexOf(name, 0);
        if (index < 0)
        {
            return false;
        }

        _headers.RemoveAt(index);
        return true;
    }

    public IEnumerator<SipHeader> GetEnumerator() => _headers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void AddCanonical(string canonicalName, string value) => _headers.Add(new(canonicalName, value));

    private static bool Matches(SipHeader header, string name) => string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase);

    private int IndexOf(string name, int start)
    {
        for (var i = start; i < _headers.Count; i++)
        {
            if (Matches(_headers[i], name))
            {
                return i;
            }
        }

        return -1;
    }
}
