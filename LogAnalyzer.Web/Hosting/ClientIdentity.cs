namespace LogAnalyzer.Web.Hosting;

/// <summary>Who a request comes from, for per-client limits: the signed-in user, else the (forwarded) remote address.</summary>
public static class ClientIdentity
{
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            return "user:" + name;
        }

        return "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}
