using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Model;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Core.Analysis;

/// <summary>
/// Shows exactly what the LLM stage would send, without sending it: runs the deterministic pipeline (or takes a
/// finished document) and builds the same budgeted, redacted prompt the stage builds. It lives with the pipeline it
/// runs, so the LLM stage never depends on the analysis that calls it.
/// </summary>
public sealed class PromptPreviewService(
    AnalysisService analysis,
    LlmPromptBuilder promptBuilder,
    ILlmInsightService llm,
    IOptions<LlmOptions> options)
{
    /// <summary>Analyses <paramref name="request"/> without the LLM and previews the prompt for its groups.</summary>
    /// <exception cref="AnalysisInputException">The input is empty, blank or too large.</exception>
    public async Task<PromptPreview> PreviewAsync(AnalysisRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var document = await analysis.AnalyzeAsync(request with { UseLlm = false, IncludeRecords = true }, cancellationToken)
            .ConfigureAwait(false);
        return Preview(document);
    }

    /// <summary>Previews the prompt for a finished document (it must include its records).</summary>
    public PromptPreview Preview(AnalysisDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Records is null)
        {
            throw new ArgumentException("The document must include its records to preview the prompt.", nameof(document));
        }

        var settings = options.Value;
        var prompt = promptBuilder.Build(document.Groups, document.Records, document.Incidents);
        return new PromptPreview
        {
            LlmConfigured = llm.IsConfigured,
            Model = settings.Model,
            Endpoint = DisplayEndpoint(settings.BaseUrl),
            StructuredOutput = settings.StructuredOutput,
            Messages = prompt.Messages,
            RequestBody = LlmClient.BuildBody(prompt.Messages, settings, LlmAnswerSchema.ForPrompt(prompt, settings.BoundedSchema).ToJsonString()),
            EstimatedPromptTokens = prompt.EstimatedTokens,
            MaxPromptTokens = settings.MaxPromptTokens,
            GroupIds = prompt.GroupIds,
            GroupsTotal = prompt.GroupsTotal,
            WouldSend = prompt.Fits && prompt.GroupIds.Count > 0,
            Redactions = prompt.Redactions,
            InputRedactions = document.Summary.Redactions,
            PromptVersion = LlmPromptBuilder.PromptVersion,
        };
    }

    /// <summary>The endpoint as shown to anyone: no user:password@ and no query (either may carry a credential).</summary>
    internal static string DisplayEndpoint(string baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri)
            ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
            : "(not a valid URL)";
}
