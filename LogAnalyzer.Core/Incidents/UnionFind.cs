namespace LogAnalyzer.Core.Incidents;

/// <summary>Disjoint sets over 0..n-1 (path halving, union by smaller index so roots stay stable).</summary>
internal sealed class UnionFind(int count)
{
    private readonly int[] _parent = [.. Enumerable.Range(0, count)];

    public int Find(int x)
    {
        while (_parent[x] != x)
        {
            _parent[x] = _parent[_parent[x]];
            x = _parent[x];
        }

        return x;
    }

    public void Union(int a, int b)
    {
        var ra = Find(a);
        var rb = Find(b);
        if (ra != rb)
        {
            _parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
    }
}
