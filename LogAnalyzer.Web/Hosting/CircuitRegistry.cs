using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Web.Hosting;

/// <summary>
/// Counts open dashboard circuits per client, so one client cannot pin the memory of many analysed tabs:
/// a tab past <see cref="RateLimitingOptions.CircuitsPerClient"/> opens, but may not analyse.
/// </summary>
public sealed class CircuitRegistry(IOptions<RateLimitingOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>Counts one more circuit for <paramref name="client"/>; false (and not counted) when at the cap.</summary>
    public bool TryOpen(string client)
    {
        var cap = options.Value.CircuitsPerClient;
        while (true)
        {
            var current = _open.GetValueOrDefault(client);
            if (cap > 0 && current >= cap)
            {
                return false;
            }

            if (current == 0 ? _open.TryAdd(client, 1) : _open.TryUpdate(client, current + 1, current))
            {
                return true;
            }
        }
    }

    /// <summary>Forgets one circuit of <paramref name="client"/> that <see cref="TryOpen"/> counted.</summary>
    public void Close(string client)
    {
        while (_open.TryGetValue(client, out var current))
        {
            if (current <= 1 ? _open.TryRemove(new KeyValuePair<string, int>(client, current)) : _open.TryUpdate(client, current - 1, current))
            {
                return;
            }
        }
    }

    /// <summary>Circuits counted for <paramref name="client"/> now.</summary>
    public int OpenFor(string client) => _open.GetValueOrDefault(client);
}
