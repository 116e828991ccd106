using Microsoft.Extensions.Options;

namespace LogAnalyzer.Core.Llm;

/// <summary>Rules across <see cref="LlmOptions"/> fields. Messages never contain the key.</summary>
internal sealed class LlmOptionsCrossValidator : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            builder.AddError("must be an absolute http(s) URL such as https://router.huggingface.co/v1", "Llm:BaseUrl");
        }
        else if (uri.Scheme == "http" && !uri.IsLoopback && !string.IsNullOrWhiteSpace(options.ApiKey) && !options.AllowInsecureHttp)
        {
            builder.AddError("is plain http to another machine: the key would travel unencrypted. Use https, or set Llm:AllowInsecureHttp=true", "Llm:BaseUrl");
        }

        if (options.ApiKey is { Length: > 0 } key && (key.Any(char.IsControl) || key.Trim().Length != key.Length))
        {
            builder.AddError("contains whitespace or control characters (check how the token was pasted)", "Llm:ApiKey");
        }

        return builder.Build();
    }
}
