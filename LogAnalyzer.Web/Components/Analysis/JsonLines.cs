using System.Collections;
using System.Text;
using System.Text.Json;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Web.Components.Analysis;

/// <summary>
/// The indented JSON of a document as lines for the JSON view, held as its UTF-8 bytes and where each line starts: a
/// line becomes a string only when the (virtualized) view shows it. A document of 100,000 records is about a million
/// lines: one string each would be several times its bytes, held for as long as the JSON tab is open.
/// </summary>
public sealed class JsonLines : IList<string>, IReadOnlyList<string>
{
    private readonly byte[] _json;
    private readonly int[] _starts; // _starts[i] = first byte of line i; _starts[Count] = one past the end (+1)

    private JsonLines(byte[] json, int[] starts)
    {
        _json = json;
        _starts = starts;
    }

    /// <summary>No lines (no document).</summary>
    public static JsonLines Empty { get; } = new([], [0]);

    public int Count => _starts.Length - 1;

    public bool IsReadOnly => true;

    /// <summary>Line <paramref name="index"/>, without its line break (as <c>string.Split('\n')</c> gives it).</summary>
    public string this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            var start = _starts[index];
            return Encoding.UTF8.GetString(_json, start, _starts[index + 1] - 1 - start);
        }

        set => throw new NotSupportedException();
    }

    /// <summary>The document's indented JSON as the API writes it (<see cref="AnalysisJson.Indented"/>), split into lines.</summary>
    public static JsonLines Of(AnalysisDocument document)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(document, AnalysisJson.Indented);
        var starts = new List<int> { 0 };
        var offset = 0;
        int next;
        while ((next = json.AsSpan(offset).IndexOf((byte)'\n')) >= 0)
        {
            offset += next + 1;
            starts.Add(offset);
        }

        starts.Add(json.Length + 1);
        return new JsonLines(json, [.. starts]);
    }

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public int IndexOf(string item) => this.ToList().IndexOf(item);

    public bool Contains(string item) => IndexOf(item) >= 0;

    public void CopyTo(string[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        for (var i = 0; i < Count; i++)
        {
            array[arrayIndex + i] = this[i];
        }
    }

    public void Add(string item) => throw new NotSupportedException();

    public void Clear() => throw new NotSupportedException();

    public void Insert(int index, string item) => throw new NotSupportedException();

    public bool Remove(string item) => throw new NotSupportedException();

    public void RemoveAt(int index) => throw new NotSupportedException();
}
