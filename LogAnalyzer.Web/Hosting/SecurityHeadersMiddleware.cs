using Microsoft.Extensions.Options;

namespace LogAnalyzer.Web.Hosting;

/// <summary>Adds CSP, X-Content-Type-Options, Referrer-Policy and X-Frame-Options to every response.</summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next, IOptions<SecurityHeadersOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var settings = options.Value;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = settings.ReferrerPolicy;
            if (!string.IsNullOrWhiteSpace(settings.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = settings.ContentSecurityPolicy;
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
