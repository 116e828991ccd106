namespace LogAnalyzer.Core.Llm;

/// <summary>
/// Names of the LLM stage's OpenTelemetry signals. The chat client is wrapped in Microsoft.Extensions.AI's
/// <c>OpenTelemetryChatClient</c>, which emits the GenAI semantic conventions (span <c>chat {model}</c> with
/// <c>gen_ai.operation.name</c>, <c>gen_ai.request.model</c>, <c>gen_ai.usage.input_tokens</c>/<c>output_tokens</c>;
/// histograms <c>gen_ai.client.token.usage</c> and <c>gen_ai.client.operation.duration</c>) under
/// <see cref="SourceName"/>, as both the ActivitySource and the Meter. Message content is never recorded.
/// </summary>
public static class LlmTelemetry
{
    /// <summary>The ActivitySource and Meter name of the GenAI spans and metrics.</summary>
    public const string SourceName = "LogAnalyzer.Llm";
}

/// <summary>
/// Overrides <see cref="LlmTelemetry.SourceName"/> for one container (the start-up warm-up's, whose calls must not show up
/// in the app's traces or GenAI metrics).
/// </summary>
internal sealed record LlmTelemetryName(string Value);
