using Microsoft.Extensions.Configuration;

namespace LogAnalyzer.Core.Llm;

/// <summary>
/// <c>Llm:Profile</c>: a set of defaults for a kind of provider, applied before the <c>Llm</c> section is bound, so
/// every value stays overridable. <c>hosted</c> (default) suits a remote GPU provider (the HF router): a short
/// budget, attempts of half of it, retries. <c>local</c> suits a single-slot CPU server (llama.cpp, Ollama): prefill
/// alone takes minutes, and a server keeps computing a request its client gave up on, so a retry would only queue
/// behind it; one attempt gets the whole budget, and fewer groups and answer tokens keep the call short.
/// </summary>
public static class LlmProfiles
{
    public const string Hosted = "hosted";

    public const string Local = "local";

    /// <summary>Applies the defaults of the profile named in <paramref name="section"/> (nothing for <c>hosted</c>).</summary>
    public static void Apply(LlmOptions options, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(section);
        var profile = section[nameof(LlmOptions.Profile)];
        if (!string.Equals(profile, Local, StringComparison.Ordinal))
        {
            return;
        }

        options.TimeoutSeconds = 600;
        options.AttemptTimeoutFraction = 1.0;
        options.MaxRetries = 0;
        options.MaxGroups = 3;
        options.MaxPromptTokens = 4000;
        options.MaxCompletionTokens = 700;
        options.CircuitBreakSeconds = 60;
    }
}
