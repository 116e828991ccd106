using StackExchange.Redis;

namespace LogAnalyzer.Web.Storage;

/// <summary>
/// One Redis connection (<c>ConnectionStrings:Redis</c>) for what instances share besides the LLM cache: Data
/// Protection keys and the rate-limit budget. Connects on first use and never fails the app when Redis is down.
/// </summary>
public sealed class SharedRedis : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _connection;

    public SharedRedis(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        _connection = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(options), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public IConnectionMultiplexer Connection => _connection.Value;

    public void Dispose()
    {
        if (_connection.IsValueCreated)
        {
            _connection.Value.Dispose();
        }
    }
}
