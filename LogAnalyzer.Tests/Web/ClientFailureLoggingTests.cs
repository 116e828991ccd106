using LogAnalyzer.Tests.Support;
using LogAnalyzer.Web.Api;
using LogAnalyzer.Web.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Events;

namespace LogAnalyzer.Tests.Web;

/// <summary>What clients cause keeps its status and stays out of the Error level; server failures say nothing about the analysis.</summary>
public sealed class ClientFailureLoggingTests
{
    [Theory]
    [InlineData(StatusCodes.Status408RequestTimeout)]
    [InlineData(StatusCodes.Status400BadRequest)]
    public async Task StalledOrBrokenBody_KeepsItsStatus_LoggedAtInformation_WithoutStackTrace(int status)
    {
        var (handler, logs, context) = Create();

        var handled = await handler.TryHandleAsync(context, new BadHttpRequestException("body problem", status), CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(status, context.Response.StatusCode);
        var line = Assert.Single(logs.Messages);
        Assert.StartsWith("Information", line, StringComparison.Ordinal);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientGone_IsNotAnError()
    {
        var (handler, logs, context) = Create();
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        context.RequestAborted = aborted.Token;

        var handled = await handler.TryHandleAsync(context, new OperationCanceledException(aborted.Token), CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(ProblemExceptionHandler.ClientClosedRequest, context.Response.StatusCode);
        Assert.StartsWith("Information", Assert.Single(logs.Messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerFailure_Is500AtError_WithWordingThatDoesNotBlameTheAnalysis()
    {
        var (handler, logs, context) = Create();
        context.Response.Body = new MemoryStream();

        await handler.TryHandleAsync(context, new InvalidOperationException("static file missing"), CancellationToken.None);

        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        Assert.StartsWith("Error", Assert.Single(logs.Messages), StringComparison.Ordinal);
        var body = System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        Assert.DoesNotContain("analysis", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("static file missing", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, false, false, LogEventLevel.Information)]
    [InlineData(408, false, false, LogEventLevel.Information)]
    [InlineData(499, true, true, LogEventLevel.Information)]
    [InlineData(500, false, false, LogEventLevel.Error)]
    [InlineData(200, true, false, LogEventLevel.Error)]
    public void RequestLog_Level_FollowsWhoFailed(int status, bool threw, bool clientGone, LogEventLevel expected)
    {
        var context = new DefaultHttpContext();
        context.Response.StatusCode = status;
        if (clientGone)
        {
            using var gone = new CancellationTokenSource();
            gone.Cancel();
            context.RequestAborted = gone.Token;
        }

        Assert.Equal(expected, WebApplicationExtensions.RequestLogLevel(context, 1, threw ? new IOException("x") : null));
    }

    private static (ProblemExceptionHandler Handler, CapturingLoggerProvider Logs, DefaultHttpContext Context) Create()
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(b => b.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace))
            .AddProblemDetails()
            .BuildServiceProvider();
        var handler = new ProblemExceptionHandler(
            services.GetRequiredService<IProblemDetailsService>(),
            services.GetRequiredService<ILogger<ProblemExceptionHandler>>());
        return (handler, logs, new DefaultHttpContext { RequestServices = services });
    }
}
