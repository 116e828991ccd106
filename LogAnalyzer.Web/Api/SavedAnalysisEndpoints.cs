using LogAnalyzer.Core.Model;
using LogAnalyzer.Core.Storage;
using LogAnalyzer.Web.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Web.Api;

/// <summary>
/// Saved analyses: <c>GET /api/v1/analyses/{id}</c>, the list, <c>DELETE</c>, and the comparison of two runs. Unknown
/// ids answer 404, malformed ones 400, a store that is down 503: never 500.
/// </summary>
public static partial class SavedAnalysisEndpoints
{
    public const int DefaultListLimit = 20;

    public const int MaxListLimit = 100;

    public static RouteGroupBuilder MapSavedAnalysisApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/analyses").WithTags("Saved analyses");
        api.AddEndpointFilter<StoreUnavailableFilter>();
        api.MapGet("/", ListAsync).WithName("ListAnalyses").WithSummary("Saved analyses, newest first")
            .Produces<AnalysisList>().ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/{id}", GetAsync).WithName("GetAnalysis").WithSummary("A saved analysis: the document the POST returned")
            .Produces<AnalysisDocument>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/{id}/records", GetRecordsAsync).WithName("GetAnalysisRecords")
            .WithSummary("A page of a saved analysis's records, by position: ?offset=0&limit=Api:RecordsPageSize (at most Api:MaxRecordsPage)")
            .Produces<RecordPage>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/{id}/input", GetInputAsync).WithName("GetAnalysisInput").WithSummary("The redacted input, when Storage:KeepInput kept it")
            .Produces<string>(contentType: "text/plain").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id}", DeleteAsync).WithName("DeleteAnalysis").WithSummary("Deletes a saved analysis at once")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest).DisableAntiforgery();
        api.MapGet("/{id}/compare/{otherId}", CompareAsync).WithName("CompareAnalyses")
            .WithSummary("Groups matched by fingerprint: new, resolved, changed and unchanged from {id} to {otherId}")
            .Produces<AnalysisComparison>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    internal static async Task<Results<Ok<AnalysisDocument>, ProblemHttpResult>> GetAsync(
        string id, HttpContext context, AnalysisArchive archive, IOptions<ApiOptions> limits, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store"; // log text, as every analysis response
        if (Malformed(id) is { } malformed)
        {
            return malformed;
        }

        // What the POST answered: at most Api:MaxRecords records (only their chunks are read), the rest paged.
        var settings = limits.Value;
        var document = await archive.GetAsync(id, settings.MaxRecords, cancellationToken).ConfigureAwait(false);
        return document is null
            ? NotFound(id)
            : TypedResults.Ok(ResponseBounds.Answer(document, settings));
    }

    internal static async Task<Results<Ok<RecordPage>, ProblemHttpResult>> GetRecordsAsync(
        string id,
        HttpContext context,
        AnalysisArchive archive,
        IOptions<ApiOptions> limits,
        [FromQuery] string? offset,
        [FromQuery] string? limit,
        CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store"; // log text, as every analysis response
        if (Malformed(id) is { } malformed)
        {
            return malformed;
        }

        var settings = limits.Value;
        if (!TryParseBound(offset, 0, 0, int.MaxValue, out var from))
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad offset",
                "offset must be a whole number from 0 (the first record's position), e.g. offset=1000.");
        }

        if (!TryParseBound(limit, settings.RecordsPageSize, 1, settings.MaxRecordsPage, out var take))
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad limit",
                $"limit must be a whole number between 1 and {settings.MaxRecordsPage} (Api:MaxRecordsPage); without it a page has {settings.RecordsPageSize}.");
        }

        var page = await archive.GetRecordsAsync(id, from, take, settings.MaxRecordBytes, cancellationToken).ConfigureAwait(false);
        return page is null ? NotFound(id) : TypedResults.Ok(page);
    }

    /// <summary>An absent value is <paramref name="fallback"/>; a present one must be an integer in [min, max].</summary>
    private static bool TryParseBound(string? text, int fallback, int min, int max, out int value)
    {
        if (text is null)
        {
            value = fallback;
            return true;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value)
            && value >= min && value <= max;
    }

    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetInputAsync(string id, AnalysisStore store, CancellationToken cancellationToken)
    {
        if (Malformed(id) is { } malformed)
        {
            return malformed;
        }

        var (found, input) = await store.GetInputAsync(id, cancellationToken).ConfigureAwait(false);
        if (!found)
        {
            return NotFound(id);
        }

        return input is null
            ? Problem(StatusCodes.Status404NotFound, "No input kept",
                "This analysis was saved without its input (Storage:KeepInput is off, the default). The document holds the redacted records.")
            : TypedResults.Text(input, "text/plain; charset=utf-8");
    }

    internal static async Task<Results<Ok<AnalysisList>, ProblemHttpResult>> ListAsync(
        AnalysisStore store, [FromQuery] int? limit, [FromQuery] string? before, CancellationToken cancellationToken)
    {
        var take = limit ?? DefaultListLimit;
        if (take is < 1 or > MaxListLimit)
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad limit", $"limit must be between 1 and {MaxListLimit}.");
        }

        long? beforeCreatedAt = null;
        string? beforeId = null;
        if (!string.IsNullOrEmpty(before))
        {
            if (AnalysisId.IsWellFormed(before))
            {
                beforeCreatedAt = await store.GetCreatedAtAsync(before, cancellationToken).ConfigureAwait(false);
                if (beforeCreatedAt is null)
                {
                    return NotFound(before);
                }

                beforeId = before;
            }
            else if (DateTimeOffset.TryParse(before, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var instant))
            {
                beforeCreatedAt = instant.ToUnixTimeMilliseconds();
            }
            else
            {
                return Problem(StatusCodes.Status400BadRequest, "Bad cursor",
                    "before must be an analysis id (the next page starts after it) or an ISO 8601 time, e.g. 2026-03-02T10:00:00Z.");
            }
        }

        // One more than asked says whether there is a next page.
        var items = await store.ListAsync(take + 1, beforeCreatedAt, beforeId, cancellationToken).ConfigureAwait(false);
        var page = items.Take(take).ToList();
        return TypedResults.Ok(new AnalysisList(page, items.Count > take ? page[^1].Id : null));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, HttpContext context, AnalysisStore store, CancellationToken cancellationToken)
    {
        if (Malformed(id) is { } malformed)
        {
            return malformed;
        }

        return await store.DeleteAsync(id, AnalysisArchive.UserOf(context.User), cancellationToken).ConfigureAwait(false) ? TypedResults.NoContent() : NotFound(id);
    }

    internal static async Task<Results<Ok<AnalysisComparison>, ProblemHttpResult>> CompareAsync(
        string id, string otherId, AnalysisArchive archive, CancellationToken cancellationToken)
    {
        if ((Malformed(id) ?? Malformed(otherId)) is { } malformed)
        {
            return malformed;
        }

        var before = await archive.GetAsync(id, maxRecords: 0, cancellationToken).ConfigureAwait(false); // groups are compared, not records
        if (before is null)
        {
            return NotFound(id);
        }

        var after = await archive.GetAsync(otherId, maxRecords: 0, cancellationToken).ConfigureAwait(false);
        return after is null ? NotFound(otherId) : TypedResults.Ok(AnalysisComparer.Compare(before, after));
    }

    private static ProblemHttpResult? Malformed(string id) => AnalysisId.IsWellFormed(id)
        ? null
        : Problem(StatusCodes.Status400BadRequest, "Malformed analysis id",
            $"An analysis id is {AnalysisId.Length} lowercase hexadecimal characters, as the POST returned it.");

    private static ProblemHttpResult NotFound(string id) =>
        Problem(StatusCodes.Status404NotFound, "Analysis not found",
            $"No saved analysis has the id {id}. It may have been deleted, or be older than the retention period.");

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });

    /// <summary>A store that cannot be reached answers 503 with a sentence, not 500.</summary>
    private sealed partial class StoreUnavailableFilter(ILogger<StoreUnavailableFilter> logger) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            try
            {
                return await next(context).ConfigureAwait(false);
            }
            catch (Exception ex) when (StoreErrors.IsUnavailable(ex) && !context.HttpContext.RequestAborted.IsCancellationRequested)
            {
                LogUnavailable(logger, ex);
                return Problem(StatusCodes.Status503ServiceUnavailable, "Analysis store unavailable", StoreErrors.UnavailableSentence);
            }
        }

        [LoggerMessage(4011, LogLevel.Warning, "The analysis store could not answer a saved-analysis request", EventName = "StoreRequestFailed")]
        private static partial void LogUnavailable(ILogger logger, Exception exception);
    }
}

/// <summary>A page of <c>GET /api/v1/analyses</c>; <see cref="Next"/> is the <c>before</c> of the next page, null on the last.</summary>
public sealed record AnalysisList(IReadOnlyList<AnalysisListItem> Items, string? Next);
