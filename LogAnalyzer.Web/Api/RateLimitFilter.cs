using System.Globalization;
using LogAnalyzer.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace LogAnalyzer.Web.Api;

/// <summary>Applies the per-client analysis limits to an endpoint; answers 429 + Retry-After as ProblemDetails.</summary>
internal sealed class RateLimitFilter(AnalysisRateLimiter limiter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        using var permit = await limiter.TryAcquireAsync(ClientIdentity.Of(http), http.RequestAborted).ConfigureAwait(false);
        if (!permit.Granted)
        {
            var seconds = permit.RetryAfterSeconds;
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many analyses",
                Detail = $"{limiter.Options.Describe()} Try again in {seconds} s.",
            });
        }

        return await next(context).ConfigureAwait(false);
    }
}
