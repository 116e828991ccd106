using Microsoft.Extensions.Options;

namespace LogAnalyzer.Web.Access;

/// <summary>Fails start-up on an access configuration that would be insecure or unusable.</summary>
internal sealed class AccessOptionsValidator : IValidateOptions<AccessOptions>
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

        return builder.Build();
    }
}
