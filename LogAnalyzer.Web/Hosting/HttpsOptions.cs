namespace LogAnalyzer.Web.Hosting;

/// <summary>
/// Section "Https". Off by default: the app runs behind a TLS-terminating proxy.
/// Turn on when Kestrel itself serves HTTPS or the proxy forwards X-Forwarded-Proto.
/// </summary>
public sealed class HttpsOptions
{
    public const string SectionName = "Https";

    public bool RedirectEnabled { get; set; }

    public bool HstsEnabled { get; set; }
}
