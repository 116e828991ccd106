using System.Net;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Web.Hosting;

/// <summary>
/// The address at the other end of the TCP connection, captured before the forwarded-headers middleware replaces
/// <c>Connection.RemoteIpAddress</c> with the client a proxy names: what decides whether the peer is a trusted proxy.
/// </summary>
public sealed record PeerAddress(IPAddress? Address)
{
    public static IPAddress? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<PeerAddress>()?.Address ?? context.Connection.RemoteIpAddress;
    }

    /// <summary>Records the peer address; runs first in the pipeline.</summary>
    public static IApplicationBuilder UsePeerAddress(IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Features.Set(new PeerAddress(context.Connection.RemoteIpAddress));
            return next(context);
        });
}

/// <summary>The proxies listed in ForwardedHeaders:KnownProxies/KnownNetworks, and nothing else (not even loopback).</summary>
public sealed class TrustedProxies(IOptions<ProxyOptions> options)
{
    private readonly IPAddress[] _proxies = [.. options.Value.KnownProxies.Select(p => Normalize(IPAddress.Parse(p)))];
    private readonly IPNetwork[] _networks = [.. options.Value.KnownNetworks.Select(IPNetwork.Parse)];

    /// <summary>True when at least one proxy or network is listed.</summary>
    public bool Any => _proxies.Length + _networks.Length > 0;

    public bool Trusts(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        var normalized = Normalize(address);
        return _proxies.Any(p => p.Equals(normalized)) || _networks.Any(n => n.Contains(normalized));
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
