namespace LogAnalyzer.Web.Hosting;

/// <summary>Section "SecurityHeaders".</summary>
public sealed class SecurityHeadersOptions
{
    public const string SectionName = "SecurityHeaders";

    /// <summary>
    /// A CSP that lets Blazor Server and MudBlazor work: scripts only from this origin, the circuit's WebSocket,
    /// inline styles (MudBlazor sets style attributes), images from data: URIs, no framing. connect-src 'self' covers the
    /// circuit's WebSocket to this origin (CSP 3) and nothing else.
    /// </summary>
    public const string DefaultContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; " +
        "form-action 'self'; frame-ancestors 'none'";

    public string ContentSecurityPolicy { get; set; } = DefaultContentSecurityPolicy;

    public string ReferrerPolicy { get; set; } = "no-referrer";
}
