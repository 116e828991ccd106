using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
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
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
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
        app.MapPost("/signin", async (HttpContext context, IAntiforgery antiforgery, IOptions<AccessOptions> access) =>
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
                var key = form["key"].ToString();
                if (!AccessAuthenticationHandler.KeyMatches(key, access.Value.ApiKey))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Results.Content(SignInPage(context, antiforgery.GetAndStoreTokens(context), "That key is not valid."), "text/html; charset=utf-8");
                }

                var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "team-member")], CookieAuthenticationDefaults.AuthenticationScheme);
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
