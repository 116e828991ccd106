using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Core.Llm;
using LogAnalyzer.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Web.Api;

/// <summary>
/// <c>POST /api/v1/analyses/preview-prompt</c>: same body as <c>POST /api/v1/analyses</c>; returns the exact
/// redacted, budgeted messages the LLM stage would send (nothing is sent) and the count of each redaction type.
/// </summary>
public static class PromptPreviewEndpoints
{
    public static RouteHandlerBuilder MapPromptPreviewApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/analyses/preview-prompt", PreviewAsync)
            .WithTags("Analyses")
            .WithName("PreviewPrompt")
            .Produces<PromptPreview>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery()
            .RequireAnalysisLimits(); // it runs a whole analysis: the same limits, concurrency cap and timeout

    internal static async Task<Results<Ok<PromptPreview>, ProblemHttpResult>> PreviewAsync(
        HttpContext context,
        AnalysisService analysis,
        AnalysisGate gate,
        PromptPreviewService preview,
        IOptions<IngestionOptions> ingestion,
        CancellationToken cancellationToken)
    {
        var (request, problem) = await AnalysisEndpoints.ReadRequestAsync(context, analysis, ingestion, useLlm: false, includeRecords: true, cancellationToken)
            .ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var slot = await gate.EnterAsync(request!.SizeInBytes(), cancellationToken).ConfigureAwait(false);
        context.Response.RegisterForDispose(slot); // held until the response is written: the document lives until then
        if (!slot.Granted)
        {
            return AnalysisEndpoints.ServerBusy(context, slot);
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(await preview.PreviewAsync(request!, cancellationToken).ConfigureAwait(false));
    }
}
