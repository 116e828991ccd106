namespace LogAnalyzer.Web.Access;

/// <summary>
/// Section "Access": optional access control for a team. Off by default (local use).
/// <list type="bullet">
/// <item><c>SharedKey</c>: the REST API takes <c>X-Api-Key</c> (or <c>Authorization: Bearer</c>); people sign in once on /signin with the same key (cookie).</item>
/// <item><c>ProxyHeader</c>: the reverse proxy authenticates (OpenID Connect via oauth2-proxy, nginx auth_request…) and sends the user in <see cref="UserHeader"/>.</item>
/// </list>
/// </summary>
public sealed class AccessOptions
{
    public const string SectionName = "Access";

    public AccessMode Mode { get; set; } = AccessMode.None;

    /// <summary>The shared key (Mode = SharedKey); at least 16 characters. Prefer the Access__ApiKey environment variable.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The header the proxy sets to the signed-in user (Mode = ProxyHeader).</summary>
    public string UserHeader { get; set; } = "X-Forwarded-User";
}

/// <summary>How requests are authenticated.</summary>
public enum AccessMode
{
    None = 0,
    SharedKey,
    ProxyHeader,
}
