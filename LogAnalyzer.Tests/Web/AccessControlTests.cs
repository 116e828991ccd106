using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using LogAnalyzer.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.Web;

public sealed partial class AccessControlTests
{
    private const string Key = "team-key-0123456789abcdef";

    private static AppFactory SharedKeyApp() => new(new Dictionary<string, string?>
    {
        ["Access:Mode"] = "SharedKey",
        ["Access:ApiKey"] = Key,
    });

    [Fact]
    public async Task SharedKey_ApiWithoutKey_Is401Problem_WithKey_Is200()
    {
        await using var factory = SharedKeyApp();
        using var client = factory.CreateClient();

        using var anonymous = await client.PostAsJsonAsync("/api/v1/analyses", new { text = "x" });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);

        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analyses") { Content = JsonContent.Create(new { text = "x" }) };
        wrong.Headers.Add("X-Api-Key", "not-the-key-at-all-000");
        using var wrongResponse = await client.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analyses") { Content = JsonContent.Create(new { text = "x" }) };
        right.Headers.Add("X-Api-Key", Key);
        using var rightResponse = await client.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, rightResponse.StatusCode);

        using var bearer = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analyses") { Content = JsonContent.Create(new { text = "x" }) };
        bearer.Headers.Authorization = new("Bearer", Key);
        using var bearerResponse = await client.SendAsync(bearer);
        Assert.Equal(HttpStatusCode.OK, bearerResponse.StatusCode);
    }

    [Fact]
    public async Task SharedKey_Page_RedirectsToSignIn_ThenOpensWithTheKey()
    {
        await using var factory = SharedKeyApp();
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        using var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/signin", page.Headers.Location?.OriginalString, StringComparison.Ordinal); // a path, never Host-built

        var form = await client.GetStringAsync("/signin?ReturnUrl=%2F");
        var token = TokenField().Match(form);
        Assert.True(token.Success, "the sign-in form carries an antiforgery token");

        using var bad = await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups["name"].Value] = token.Groups["value"].Value, ["key"] = "wrong", ["returnUrl"] = "/",
        }));
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);

        using var good = await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups["name"].Value] = token.Groups["value"].Value, ["key"] = Key, ["returnUrl"] = "//evil.example/",
        }));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Equal("/", good.Headers.Location?.OriginalString);

        using var after = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task SharedKey_HealthStaysAnonymous()
    {
        await using var factory = SharedKeyApp();
        using var client = factory.CreateClient();

        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task ProxyHeader_RequiresTheUserHeader()
    {
        // The in-memory server's connections carry no address, so no request here comes from the listed proxy
        // (AccessHardeningTests gives requests real peer addresses).
        await using var factory = new AppFactory(new Dictionary<string, string?>
        {
            ["Access:Mode"] = "ProxyHeader", ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        });
        using var client = factory.CreateClient();

        using var anonymous = await client.PostAsJsonAsync("/api/v1/analyses", new { text = "x" });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var untrusted = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analyses") { Content = JsonContent.Create(new { text = "x" }) };
        untrusted.Headers.Add("X-Forwarded-User", "alice@example.com");
        using var refused = await client.SendAsync(untrusted);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode); // no peer address: not the listed proxy
    }

    [Fact]
    public void ProxyHeader_TrustedProxy_IsTheOnlySourceOfTheUser()
    {
        var proxies = new LogAnalyzer.Web.Hosting.TrustedProxies(Options.Create(new LogAnalyzer.Web.Hosting.ProxyOptions
        {
            KnownProxies = { "10.0.0.5" }, KnownNetworks = { "192.168.10.0/24" },
        }));

        Assert.True(proxies.Trusts(IPAddress.Parse("10.0.0.5")));
        Assert.True(proxies.Trusts(IPAddress.Parse("::ffff:10.0.0.5")));
        Assert.True(proxies.Trusts(IPAddress.Parse("192.168.10.77")));
        Assert.False(proxies.Trusts(IPAddress.Parse("127.0.0.1")));
        Assert.False(proxies.Trusts(null));
    }

    [Fact]
    public async Task AccessNone_TheUserHeaderChangesNothing()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>());
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analyses") { Content = JsonContent.Create(new { text = "x" }) };
        request.Headers.Add("X-Forwarded-User", "alice@example.com");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SharedKey_WithShortKey_FailsAtStart()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>
        {
            ["Access:Mode"] = "SharedKey",
            ["Access:ApiKey"] = "short",
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("at least 16 characters", Flatten(error), StringComparison.Ordinal);
    }

    private static string Flatten(Exception error) =>
        error is AggregateException or OptionsValidationException || error.InnerException is null
            ? error.ToString()
            : error.Message + Flatten(error.InnerException);

    [GeneratedRegex("name=\"(?<name>__RequestVerificationToken[^\"]*)\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex TokenField();
}
