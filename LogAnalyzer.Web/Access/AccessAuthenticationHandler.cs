using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Web.Access;

/// <summary>Authenticates a request by the shared key header, or by the user header a trusted proxy sets.</summary>
internal sealed class AccessAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<AccessOptions> access)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "LogAnalyzerAccess";
    public const string ApiKeyHeader = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var settings = access.Value;
        if (settings.Mode == AccessMode.ProxyHeader)
        {
            var user = Request.Headers[settings.UserHeader].ToString();
            return Task.FromResult(string.IsNullOrWhiteSpace(user)
                ? AuthenticateResult.NoResult()
                : Success(user.Trim()));
        }

        var presented = PresentedKey(Request);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(KeyMatches(presented, settings.ApiKey)
            ? Success("shared-key")
            : AuthenticateResult.Fail("The API key is not valid."));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        var detail = access.Value.Mode == AccessMode.ProxyHeader
            ? "Sign in through the team's proxy to use LogAnalyzer."
            : $"Send the team's key in the {ApiKeyHeader} header (or Authorization: Bearer).";
        await Results.Problem(statusCode: 401, title: "Authentication required", detail: detail).ExecuteAsync(Context).ConfigureAwait(false);
    }

    internal static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(ApiKeyHeader, out var key) && key.ToString() is { Length: > 0 } k)
        {
            return k;
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    internal static bool KeyMatches(string presented, string expected) =>
        expected.Length > 0 && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private AuthenticateResult Success(string name)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
