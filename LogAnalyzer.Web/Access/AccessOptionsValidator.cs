using LogAnalyzer.Web.Hosting;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Web.Access;

/// <summary>Fails start-up on an access configuration that would be insecure or unusable.</summary>
internal sealed class AccessOptionsValidator(IOptions<ProxyOptions> proxy) : IValidateOptions<AccessOptions>
{
    public ValidateOptionsResult Validate(string? name, AccessOptions options)
    {
        var builder = new ValidateOptionsResultBuilder();
        if (options.Mode == AccessMode.SharedKey && (options.ApiKey?.Length ?? 0) < 16)
        {
            builder.AddError("Access:ApiKey must be at least 16 characters when Access:Mode is SharedKey.", nameof(options.ApiKey));
        }

        if (options.Mode == AccessMode.ProxyHeader && string.IsNullOrWhiteSpace(options.UserHeader))
        {
            builder.AddError("Access:UserHeader must name a header when Access:Mode is ProxyHeader.", nameof(options.UserHeader));
        }

        if (options.Mode == AccessMode.ProxyHeader && proxy.Value.KnownProxies.Count + proxy.Value.KnownNetworks.Count == 0)
        {
            builder.AddError(
                "Access:Mode ProxyHeader trusts the user header only from the proxy: list it in ForwardedHeaders:KnownProxies "
                + "(127.0.0.1 when it runs on this host) or ForwardedHeaders:KnownNetworks.",
                nameof(options.Mode));
        }

        return builder.Build();
    }
}
