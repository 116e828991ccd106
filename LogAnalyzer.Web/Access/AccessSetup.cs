using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using LogAnalyzer.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Web.Access;

/// <summary>Wires optional access control: nothing when Mode is None.</summary>
internal static class AccessSetup
{
    private const string SelectorScheme = "LogAnalyzerSelector";

    public static WebApplicationBuilder AddLogAnalyzerAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AccessOptions>, AccessOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TrustedProxies>();
        builder.Services.AddSingleton<AuthFailureThrottle>();
        var mode = builder.Configuration.GetValue($"{AccessOptions.SectionName}:{nameof(AccessOptions.Mode)}", AccessMode.None);
        if (mode == AccessMode.None)
        {
            return builder;
        }

        var authentication = builder.Services.AddAuthentication(SelectorScheme)
            .AddScheme<AuthenticationSchemeOptions, AccessAuthenticationHandler>(AccessAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.LoginPath = "/signin";
                o.Cookie.Name = "LogAnalyzer.Access";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.Events.OnValidatePrincipal = RejectIfKeyRotated;
                o.Events.OnRedirectToLogin = RedirectToSignIn;
            })
            .AddPolicyScheme(SelectorScheme, "Key, proxy header or sign-in cookie", o =>
            {
                o.ForwardDefaultSelector = context =>
                    mode == AccessMode.ProxyHeader
                    || AccessAuthenticationHandler.PresentedKey(context.Request) is not null
                    || context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                        ? AccessAuthenticationHandler.SchemeName
                        : CookieAuthenticationDefaults.AuthenticationScheme;
            });
        _ = authentication;
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    /// <summary>The claim a sign-in cookie carries: a fingerprint of the key it was issued under.</summary>
    internal const string KeyFingerprintClaim = "logan:key";

    /// <summary>A one-way fingerprint of the shared key (the cookie is encrypted too): changes when the key changes.</summary>
    internal static string KeyFingerprint(string key) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("LogAnalyzer.Access.v1\n" + key)).AsSpan(0, 16));

    /// <summary>A cookie issued under another key (the key was rotated) signs its holder out.</summary>
    private static async Task RejectIfKeyRotated(CookieValidatePrincipalContext context)
    {
        var current = KeyFingerprint(context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<AccessOptions>>().CurrentValue.ApiKey);
        var issued = context.Principal?.FindFirst(KeyFingerprintClaim)?.Value;
        if (issued is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(issued), Encoding.UTF8.GetBytes(current)))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Redirects to the sign-in page by a path on this site, never an absolute URL built from Host or X-Forwarded-Host
    /// (which a client controls).
    /// </summary>
    private static Task RedirectToSignIn(RedirectContext<CookieAuthenticationOptions> context)
    {
        var request = context.Request;
        var returnUrl = request.PathBase + request.Path + request.QueryString;
        context.Response.Redirect(request.PathBase + "/signin?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        return Task.CompletedTask;
    }

    public static WebApplication UseLogAnalyzerAccess(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<AccessOptions>>().Value.Mode == AccessMode.None)
        {
            return app;
        }

        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The sign-in page for SharedKey mode: a plain form, no script.</summary>
    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        var mode = app.ServiceProvider.GetRequiredService<IOptions<AccessOptions>>().Value.Mode;
        if (mode != AccessMode.SharedKey)
        {
            return app;
        }

        app.MapGet("/signin", (HttpContext context, IAntiforgery antiforgery) =>
                Results.Content(SignInPage(context, antiforgery.GetAndStoreTokens(context), error: null), "text/html; charset=utf-8"))
            .AllowAnonymous();
        app.MapPost("/signin", async (HttpContext context, IAntiforgery antiforgery, IOptions<AccessOptions> access, AuthFailureThrottle throttle) =>
            {
                var client = ClientIdentity.Of(context);
                if (throttle.IsBlocked(client, out var wait))
                {
                    var seconds = AuthFailureThrottle.Seconds(wait);
                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                    return Results.Content(SignInPage(context, antiforgery.GetAndStoreTokens(context),
                        $"Too many wrong keys. Try again in {seconds} s."), "text/html; charset=utf-8");
                }

                var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
                var key = form["key"].ToString();
                if (!AccessAuthenticationHandler.KeyMatches(key, access.Value.ApiKey))
                {
                    throttle.RecordFailure(client);
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Results.Content(SignInPage(context, antiforgery.GetAndStoreTokens(context), "That key is not valid."), "text/html; charset=utf-8");
                }

                var identity = new ClaimsIdentity(
                    [new Claim(ClaimTypes.Name, "team-member"), new Claim(KeyFingerprintClaim, KeyFingerprint(access.Value.ApiKey))],
                    CookieAuthenticationDefaults.AuthenticationScheme);
                await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity)).ConfigureAwait(false);
                var returnUrl = form["returnUrl"].ToString();
                return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl : "~/");
            })
            .AllowAnonymous();
        return app;
    }

    private static bool IsLocal(string url) =>
        url.Length > 0 && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    private static string SignInPage(HttpContext context, AntiforgeryTokenSet tokens, string? error)
    {
        var returnUrl = WebUtility.HtmlEncode(context.Request.Query["ReturnUrl"].ToString());
        var action = WebUtility.HtmlEncode(context.Request.PathBase + "/signin");
        var message = error is null ? "" : $"<p role=\"alert\" style=\"color:#b00020\">{WebUtility.HtmlEncode(error)}</p>";
        return $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign in · LogAnalyzer</title>
            <meta name="viewport" content="width=device-width, initial-scale=1"></head>
            <body style="font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem">
            <main><h1 style="font-size:1.4rem">LogAnalyzer</h1>
            <p>This workspace is shared by the team. Enter the team's access key.</p>{{message}}
            <form method="post" action="{{action}}">
            <input type="hidden" name="{{tokens.FormFieldName}}" value="{{tokens.RequestToken}}">
            <input type="hidden" name="returnUrl" value="{{returnUrl}}">
            <label for="key">Access key</label><br>
            <input id="key" name="key" type="password" autocomplete="current-password" required style="width:100%;padding:.4rem;margin:.3rem 0 1rem">
            <button type="submit" style="padding:.4rem 1.2rem">Sign in</button>
            </form></main></body></html>
            """;
    }
}
