using System.ComponentModel.DataAnnotations;

namespace LogAnalyzer.Core.Llm;

/// <summary>
/// The <c>Llm</c> configuration section: an OpenAI-compatible chat-completions provider (the Hugging Face router by
/// default). Environment variables <c>Llm__BaseUrl</c>, <c>Llm__Model</c>, <c>Llm__ApiKey</c> override it, and
/// <c>HF_TOKEN</c> supplies the key when <see cref="ApiKey"/> is empty.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";

    public const string DefaultBaseUrl = "https://router.huggingface.co/v1";

    public const string DefaultModel = "meta-llama/Llama-3.1-8B-Instruct";

    /// <summary>Documented alternative for tokens without the gated Llama licence (Apache-2.0, ungated).</summary>
    public const string AlternativeModel = "Qwen/Qwen2.5-7B-Instruct";

    /// <summary>
    /// <c>hosted</c> (remote provider, today's defaults) or <c>local</c> (single-slot CPU server: one attempt with the
    /// whole 600 s budget, no retry, 3 groups, 4000 prompt / 700 completion tokens). See <see cref="LlmProfiles"/>;
    /// every value it sets can still be set on its own.
    /// </summary>
    [Required]
    [AllowedValues(LlmProfiles.Hosted, LlmProfiles.Local)]
    public string Profile { get; set; } = LlmProfiles.Hosted;

    /// <summary>Off switch: false means rules only, whatever else is set.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Base URL of the OpenAI-compatible API; <c>{BaseUrl}/chat/completions</c> is called (see <see cref="ChatPath"/>).</summary>
    [Required]
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>Path appended to <see cref="BaseUrl"/>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_./-]+$", ErrorMessage = "Llm:ChatPath must be a relative path such as 'chat/completions'.")]
    public string ChatPath { get; set; } = "chat/completions";

    /// <summary>Model id; on the HF router optionally with a routing suffix (<c>:cheapest</c>, <c>:nscale</c>, …).</summary>
    [Required]
    [MaxLength(200)]
    public string Model { get; set; } = DefaultModel;

    /// <summary>The provider key (HF token <c>hf_…</c>). Never logged, never shown.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Header that carries the key: <c>Authorization</c> (default) or <c>api-key</c> (Azure OpenAI).</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9-]+$", ErrorMessage = "Llm:AuthHeaderName must be a plain header name.")]
    public string AuthHeaderName { get; set; } = "Authorization";

    /// <summary>Scheme before the key (<c>Bearer</c>); empty sends the bare key (Azure <c>api-key</c>).</summary>
    [RegularExpression("^[A-Za-z0-9-]*$", ErrorMessage = "Llm:AuthScheme must be a single word such as 'Bearer' or empty.")]
    public string? AuthScheme { get; set; } = "Bearer";

    /// <summary>Azure OpenAI (classic deployments URL): sent as the <c>api-version</c> query parameter.</summary>
    [RegularExpression("^[A-Za-z0-9.-]*$", ErrorMessage = "Llm:ApiVersion must look like '2024-10-21'.")]
    public string? ApiVersion { get; set; }

    /// <summary>Allows a key to be sent over plain http to a host that is not this machine (off by default).</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>The whole LLM stage's budget in seconds, retries and the repair round included.</summary>
    [Range(0.2, 900)]
    public double TimeoutSeconds { get; set; } = 120;

    /// <summary>Per-attempt timeout as a fraction of <see cref="TimeoutSeconds"/> (0.5 leaves room for one retry after a hang).</summary>
    [Range(0.1, 1.0)]
    public double AttemptTimeoutFraction { get; set; } = 0.5;

    /// <summary>Retries after the first attempt, transient failures only (408, 429, 5xx, network, attempt timeout).</summary>
    [Range(0, 5)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>Base of the jittered exponential backoff, seconds.</summary>
    [Range(0.01, 30)]
    public double RetryBaseDelaySeconds { get; set; } = 1;

    /// <summary>Longest <c>Retry-After</c> we wait for; a longer request falls back at once and reports it.</summary>
    [Range(0, 300)]
    public double RetryAfterCapSeconds { get; set; } = 20;

    /// <summary>How long the circuit stays open after repeated transient failures.</summary>
    [Range(1, 3600)]
    public double CircuitBreakSeconds { get; set; } = 30;

    /// <summary>Failed attempts (of at least this many in the sampling window) that can open the circuit.</summary>
    [Range(2, 1000)]
    public int CircuitMinimumThroughput { get; set; } = 3;

    /// <summary>How long calls stay paused after an account-wide refusal (401, 402 credits exhausted, 429 quota).</summary>
    [Range(0, 86400)]
    public double AccountFailureBreakSeconds { get; set; } = 300;

    /// <summary>How many error groups the LLM sees (the top ones by severity and count).</summary>
    [Range(1, 50)]
    public int MaxGroups { get; set; } = 5;

    /// <summary>Upper bound of the estimated prompt size (system + user messages, repair round included).</summary>
    [Range(1000, 200_000)]
    public int MaxPromptTokens { get; set; } = 6000;

    /// <summary>The answer's <c>max_tokens</c>.</summary>
    [Range(100, 32_000)]
    public int MaxCompletionTokens { get; set; } = 1500;

    /// <summary><c>json_schema</c> (strict, the default), <c>json_object</c>, or <c>none</c> for providers that lack both.</summary>
    [Required]
    [AllowedValues("json_schema", "json_object", "none")]
    public string StructuredOutput { get; set; } = "json_schema";

    /// <summary>
    /// True (default): the <c>json_schema</c> sent carries the validator's limits (<c>maxLength</c>, <c>maxItems</c>, an
    /// <c>enum</c> of the group ids sent and of the cause taxonomy), which grammar-enforcing servers enforce. False sends
    /// the plain schema, for providers whose strict mode rejects those keywords (the validator checks them either way).
    /// </summary>
    public bool BoundedSchema { get; set; } = true;

    /// <summary>Fixed sampling seed (best effort across providers).</summary>
    public int Seed { get; set; } = 7;

    /// <summary>How long a validated answer stays cached, minutes.</summary>
    [Range(0, 10_080)]
    public double CacheMinutes { get; set; } = 60;

    /// <summary>True when a key is set, or the endpoint is on this machine (Ollama, llama.cpp, vLLM need none).</summary>
    public bool HasCredentials => !string.IsNullOrWhiteSpace(ApiKey) || IsLoopback(BaseUrl);

    internal TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    internal TimeSpan AttemptTimeout => TimeSpan.FromSeconds(Math.Max(0.1, TimeoutSeconds * AttemptTimeoutFraction));

    internal static bool IsLoopback(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
