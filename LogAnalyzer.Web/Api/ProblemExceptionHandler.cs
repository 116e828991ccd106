using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace LogAnalyzer.Web.Api;

/// <summary>Turns an unexpected exception into a ProblemDetails without any stack trace or exception text.</summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException bad)
        {
            httpContext.Response.StatusCode = bad.StatusCode;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = new ProblemDetails
                {
                    Status = bad.StatusCode,
                    Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Input too large" : "Bad request",
                    Detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                        ? "The request body is larger than the server accepts."
                        : "The request could not be read.",
                },
            }).ConfigureAwait(false);
        }

        Log.Unhandled(logger, exception, httpContext.TraceIdentifier);
        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Unexpected error",
                Detail = $"The analysis failed unexpectedly. Quote trace id {httpContext.Features.Get<IHttpActivityFeature>()?.Activity.TraceId.ToString() ?? httpContext.TraceIdentifier} when reporting it.",
            },
        }).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(5001, LogLevel.Error, "Unhandled error for request {TraceIdentifier}", EventName = "UnhandledError")]
        public static partial void Unhandled(ILogger logger, Exception exception, string traceIdentifier);
    }
}
