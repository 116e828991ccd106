namespace LogAnalyzer.Tests.Support;

/// <summary>How <see cref="FakeLlmServer"/> answers <c>POST /v1/chat/completions</c>.</summary>
public enum FakeLlmScenario
{
    /// <summary>200, a schema-valid answer for the group ids and line numbers found in the request (a cooperative model).</summary>
    ValidJson = 0,

    /// <summary>200, the valid answer wrapped in a Markdown <c>```json</c> fence.</summary>
    CodeFence,

    /// <summary>200, a leading <c>&lt;think&gt;…&lt;/think&gt;</c> block, then the valid answer.</summary>
    ThinkBlock,

    /// <summary>200, prose instead of JSON.</summary>
    Prose,

    /// <summary>200, half of the valid JSON with <c>finish_reason: "length"</c>.</summary>
    TruncatedLength,

    /// <summary>200, JSON that violates the answer schema (wrong names, missing required members).</summary>
    SchemaInvalid,

    /// <summary>First call schema-invalid, then valid (the repair round works).</summary>
    InvalidThenValid,

    /// <summary>200, a valid answer for the first group plus a made-up group id and a made-up line number.</summary>
    HallucinatedIds,

    /// <summary>200, a valid answer that also proposes merging the first group with itself.</summary>
    SelfMerge,

    /// <summary>200, a valid answer that proposes merging the first two groups (a legitimate merge).</summary>
    ValidMerge,

    /// <summary>429 with <c>Retry-After: 1</c>.</summary>
    RateLimitedWithRetryAfter,

    /// <summary>429 without <c>Retry-After</c> (HF style).</summary>
    RateLimitedWithoutRetryAfter,

    /// <summary>429 whose body says the quota is exhausted (OpenAI <c>insufficient_quota</c>).</summary>
    QuotaExhausted429,

    /// <summary>503 "model is currently loading" on the first call, then the valid answer.</summary>
    ModelLoadingThenSuccess,

    /// <summary>500 with an HTML body.</summary>
    ServerErrorHtml,

    /// <summary>502 Bad Gateway.</summary>
    BadGateway,

    /// <summary>504 Gateway Timeout.</summary>
    GatewayTimeout,

    /// <summary>400 <c>model_not_supported</c> object body.</summary>
    BadRequest,

    /// <summary>401 string body "Invalid credentials in Authorization header".</summary>
    Unauthorized,

    /// <summary>402 credits depleted (string body).</summary>
    PaymentRequired,

    /// <summary>404 plain text "Not Found".</summary>
    NotFound,

    /// <summary>Never answers (until the client gives up or the server stops).</summary>
    Hang,

    /// <summary>Closes the connection without an HTTP answer.</summary>
    DropConnection,

    /// <summary>200 with an empty <c>choices</c> array.</summary>
    EmptyChoices,

    /// <summary>424 TGI "Request failed during generation" on the first call, then the valid answer.</summary>
    GenerationFailedThenSuccess,

    /// <summary>424 TGI "Request failed during generation" on every call.</summary>
    GenerationFailed,

    /// <summary>200, half of the answer with <c>finish_reason: "length"</c> after only 40 answer tokens (the server's context is full).</summary>
    ContextFull,

    /// <summary>200, a valid answer whose first group also cites one line that was never shown.</summary>
    OneBadEvidenceLine,

    /// <summary>200, a valid answer proposing a merge of the first two groups with a junk (non-language) reason.</summary>
    JunkMergeReason,

    /// <summary>200, a valid answer proposing a merge whose only evidence line was never shown.</summary>
    MergeWithoutEvidence,

    /// <summary>First call: no valid group answer but one schema-valid merge; then the valid answer.</summary>
    LoneMergeThenValid,

    /// <summary>200, causes that ramble past 600 characters unless the request schema's <c>maxLength</c> stops them (as a grammar would).</summary>
    Rambling,

    /// <summary>400 "'maxLength' is not permitted" when the request schema carries bounds (a strict provider); valid without them.</summary>
    StrictRejectsBounds,

    /// <summary>200, a valid answer that moves the last group sent into the first incident and names its category.</summary>
    RefineIncidents,

    /// <summary>200, the valid answer with TGI's <c>finish_reason: "stop_sequence"</c> (as good as <c>stop</c>).</summary>
    StopSequence,

    /// <summary>200, the valid answer with a <c>finish_reason</c> no OpenAI client knows (<c>eos_token</c>).</summary>
    UnknownFinishReason,

    /// <summary>200 with a plain-text body (a gateway answering in the provider's place).</summary>
    NotJson,
}
