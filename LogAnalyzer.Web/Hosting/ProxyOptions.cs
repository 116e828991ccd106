using System.ComponentModel.DataAnnotations;

namespace LogAnalyzer.Web.Hosting;

/// <summary>Reverse-proxy settings (section "ForwardedHeaders"). The path base is the root setting "PathBase".</summary>
public sealed class ProxyOptions
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Honour X-Forwarded-For/Proto/Host from the known proxies below (default on).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Proxy addresses trusted to send forwarded headers (loopback is always trusted).</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks (CIDR, e.g. "10.0.0.0/8") trusted to send forwarded headers.</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>How many proxy hops to unwind (default 1).</summary>
    [Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;
}
