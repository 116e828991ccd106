using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using LogAnalyzer.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Web.Access;

/// <summary>Authenticates a request by the shared key header, or by the user header a trusted proxy sets.</summary>
internal sealed partial class AccessAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<AccessOptions> access,
    TrustedProxies proxies,
    AuthFailureThrottle throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "LogAnalyzerAccess";
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>The longest user name taken from the proxy's header.</summary>
    public const int MaxUserLength = 256;

    private const string ThrottledItem = "LogAnalyzer.Access.RetryAfter";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var settings = access.Value;
        if (settings.Mode == AccessMode.ProxyHeader)
        {
            return Task.FromResult(FromProxy(settings));
        }

        var presented = PresentedKey(Request);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var client = ClientIdentity.Of(Context);
        if (throttle.IsBlocked(client, out var wait))
        {
            Context.Items[ThrottledItem] = wait;
            return Task.FromResult(AuthenticateResult.Fail("Too many failed authentications."));
        }

        if (KeyMatches(presented, settings.ApiKey))
        {
            return Task.FromResult(Success("shared-key"));
        }

        throttle.RecordFailure(client);
        Log.KeyRejected(Logger, client);
        return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[ThrottledItem] is TimeSpan wait)
        {
            var seconds = AuthFailureThrottle.Seconds(wait);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await Results.Problem(statusCode: 429, title: "Too many failed authentications",
                detail: $"Too many wrong keys from this client. Try again in {seconds} s.").ExecuteAsync(Context).ConfigureAwait(false);
            return;
        }

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

    /// <summary>
    /// The user the proxy names, honoured only when the connection comes from a listed proxy
    /// (ForwardedHeaders:KnownProxies/KnownNetworks): anyone else could send the header themselves.
    /// </summary>
    private AuthenticateResult FromProxy(AccessOptions settings)
    {
        var user = Request.Headers[settings.UserHeader].ToString().Trim();
        if (user.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        var peer = PeerAddress.Of(Context);
        if (!proxies.Trusts(peer))
        {
            Log.UntrustedUserHeader(Logger, peer?.ToString() ?? "unknown");
            return AuthenticateResult.NoResult();
        }

        return user.Length > MaxUserLength || user.Any(char.IsControl)
            ? AuthenticateResult.Fail("The user header is not a valid user name.")
            : Success(user);
    }

    private AuthenticateResult Success(string name)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private static partial class Log
    {
        [LoggerMessage(5201, LogLevel.Warning, "A wrong API key was presented by {Client}", EventName = "ApiKeyRejected")]
        public static partial void KeyRejected(ILogger logger, string client);

        [LoggerMessage(5202, LogLevel.Warning, "The user header was ignored: {Peer} is not a listed proxy (ForwardedHeaders:KnownProxies/KnownNetworks)", EventName = "UntrustedUserHeader")]
        public static partial void UntrustedUserHeader(ILogger logger, string peer);
    }
}
