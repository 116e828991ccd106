using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace LogAnalyzer.Web.Api;

/// <summary>
/// Turns an unexpected exception into a ProblemDetails without any stack trace or exception text. Failures the client
/// caused (a stalled, aborted or oversized body; a client that went away) keep their real status and are logged at
/// Information without a stack trace, so nobody can flood the Error level from outside.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>The status logged for a client that closed the connection before the answer (nginx's convention).</summary>
    public const int ClientClosedRequest = 499;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException bad)
        {
            Log.ClientFailure(logger, bad.StatusCode, httpContext.Request.Method, httpContext.Request.Path, bad.Message);
            httpContext.Response.StatusCode = bad.StatusCode;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = new ProblemDetails
                {
                    Status = bad.StatusCode,
                    Title = bad.StatusCode switch
                    {
                        StatusCodes.Status413PayloadTooLarge => "Input too large",
                        StatusCodes.Status408RequestTimeout => "Request body too slow",
                        _ => "Bad request",
                    },
                    Detail = bad.StatusCode switch
                    {
                        StatusCodes.Status413PayloadTooLarge => "The request body is larger than the server accepts.",
                        StatusCodes.Status408RequestTimeout => "The request body arrived too slowly; send it again.",
                        _ => "The request could not be read.",
                    },
                },
            }).ConfigureAwait(false);
        }

        if (httpContext.RequestAborted.IsCancellationRequested
            && exception is OperationCanceledException or IOException or Microsoft.AspNetCore.Connections.ConnectionResetException)
        {
            // The client went away; nobody is left to answer.
            Log.ClientFailure(logger, ClientClosedRequest, httpContext.Request.Method, httpContext.Request.Path, "The client closed the connection.");
            httpContext.Response.StatusCode = ClientClosedRequest;
            return true;
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
                Detail = $"The server could not complete this request. Quote trace id {httpContext.Features.Get<IHttpActivityFeature>()?.Activity.TraceId.ToString() ?? httpContext.TraceIdentifier} when reporting it.",
            },
        }).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(5001, LogLevel.Error, "Unhandled error for request {TraceIdentifier}", EventName = "UnhandledError")]
        public static partial void Unhandled(ILogger logger, Exception exception, string traceIdentifier);

        [LoggerMessage(5002, LogLevel.Information, "Client-caused failure {StatusCode} for {Method} {Path}: {Reason}", EventName = "ClientFailure")]
        public static partial void ClientFailure(ILogger logger, int statusCode, string method, PathString path, string reason);
    }
}
