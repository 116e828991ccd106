using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace LogAnalyzer.Tests.Support;

/// <summary>
/// Gives in-memory requests a TCP peer address (the test server's connections carry none): the one a request names in
/// <c>X-Test-Peer</c>, else <paramref name="defaultPeer"/> when given.
/// </summary>
internal sealed class TestPeerStartupFilter(string? defaultPeer = null) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            var peer = context.Request.Headers.TryGetValue("X-Test-Peer", out var named) ? named.ToString() : defaultPeer;
            if (peer is not null)
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
