using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using LogAnalyzer.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LogAnalyzer.Tests.Web;

/// <summary>Access control that holds: key rotation, trusted proxies only, throttled failures, no open redirect.</summary>
public sealed partial class AccessHardeningTests : IDisposable
{
    private const string Key = "team-key-0123456789abcdef";
    private const string RotatedKey = "rotated-key-9876543210fedcba";
    private readonly DirectoryInfo _keyRing = Directory.CreateTempSubdirectory("la-keys-");

    public void Dispose() => _keyRing.Delete(recursive: true);

    [Fact]
    public async Task SharedKey_CookieFromBeforeRotation_IsRefused()
    {
        string cookie;
        await using (var before = new PeerApp(SharedKey(Key), _keyRing))
        {
            cookie = await SignInAsync(before, Key);
        }

        await using var same = new PeerApp(SharedKey(Key), _keyRing);
        using var sameClient = same.CreateClient(NoRedirects);
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(sameClient, "/", cookie)).StatusCode); // the ring is shared: the cookie still reads

        await using var rotated = new PeerApp(SharedKey(RotatedKey), _keyRing);
        using var rotatedClient = rotated.CreateClient(NoRedirects);
        var page = await GetWithCookieAsync(rotatedClient, "/", cookie);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/signin", page.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var negotiate = await SendWithCookieAsync(rotatedClient, new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1"), cookie);
        Assert.NotEqual(HttpStatusCode.OK, negotiate.StatusCode);
    }

    [Fact]
    public async Task SignInRedirect_IsAPath_NeverBuiltFromHostOrForwardedHost()
    {
        var settings = SharedKey(Key);
        settings["AllowedHosts"] = "*";
        await using var app = new PeerApp(settings, _keyRing);
        using var client = app.CreateClient(NoRedirects);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/?x=1");
        request.Headers.Host = "evil.example";
        request.Headers.Add("X-Forwarded-Host", "evil2.example");
        request.Headers.Add("X-Test-Peer", "127.0.0.1");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/signin?ReturnUrl=", location, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultAllowedHosts_RefuseAForeignHost()
    {
        await using var app = new PeerApp(new Dictionary<string, string?>(), _keyRing);
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Host = "evil.example";

        using var foreign = await client.SendAsync(request);
        using var local = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
    }

    [Fact]
    public async Task WrongApiKeys_AreThrottled_With429AndRetryAfter_EvenForTheRightKeyAfterwards()
    {
        await using var app = new PeerApp(SharedKey(Key), _keyRing);
        using var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analyses") { Content = JsonContent.Create(new { text = "x" }) };
            wrong.Headers.Add("X-Api-Key", $"guess-{i:D4}-0123456789ab");
            using var response = await client.SendAsync(wrong);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        using var right = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analyses") { Content = JsonContent.Create(new { text = "x" }) };
        right.Headers.Add("X-Api-Key", Key);
        using var blocked = await client.SendAsync(right);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
    }

    [Fact]
    public async Task WrongSignIns_AreThrottled()
    {
        await using var app = new PeerApp(SharedKey(Key), _keyRing);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/signin");
        var token = TokenField().Match(form);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var response = await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                [token.Groups["name"].Value] = token.Groups["value"].Value, ["key"] = "wrong" + i, ["returnUrl"] = "/",
            }));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task ProxyHeader_UserHeader_CountsOnlyFromAListedProxy_AndIsBounded()
    {
        await using var app = new PeerApp(new Dictionary<string, string?>
        {
            ["Access:Mode"] = "ProxyHeader", ["ForwardedHeaders:KnownProxies:0"] = "10.0.0.5",
        }, _keyRing);
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsUserAsync(client, "203.0.113.9", "admin"));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsUserAsync(client, "127.0.0.1", "admin"));
        Assert.Equal(HttpStatusCode.OK, await PostAsUserAsync(client, "10.0.0.5", "alice@example.com"));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsUserAsync(client, "10.0.0.5", new string('a', 8 * 1024)));
    }

    [Fact]
    public async Task ProxyHeader_WithoutAListedProxy_FailsAtStart()
    {
        await using var app = new PeerApp(new Dictionary<string, string?> { ["Access:Mode"] = "ProxyHeader" }, _keyRing);

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("KnownProxies", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AntiforgeryAndSignInCookies_AreSecure_OverHttps()
    {
        await using var app = new PeerApp(SharedKey(Key), _keyRing);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

        using var response = await client.GetAsync("/signin");

        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    private static readonly WebApplicationFactoryClientOptions NoRedirects = new() { AllowAutoRedirect = false, HandleCookies = false };

    private static Dictionary<string, string?> SharedKey(string key) => new() { ["Access:Mode"] = "SharedKey", ["Access:ApiKey"] = key };

    private static async Task<HttpStatusCode> PostAsUserAsync(HttpClient client, string peer, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analyses") { Content = JsonContent.Create(new { text = "x" }) };
        request.Headers.Add("X-Test-Peer", peer);
        request.Headers.Add("X-Forwarded-User", user);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<string> SignInAsync(PeerApp app, string key)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/signin");
        var token = TokenField().Match(form);
        using var response = await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups["name"].Value] = token.Groups["value"].Value, ["key"] = key, ["returnUrl"] = "/",
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("LogAnalyzer.Access=", StringComparison.Ordinal));
        return cookie[..cookie.IndexOf(';', StringComparison.Ordinal)];
    }

    private static Task<HttpResponseMessage> GetWithCookieAsync(HttpClient client, string path, string cookie) =>
        SendWithCookieAsync(client, new HttpRequestMessage(HttpMethod.Get, path), cookie);

    private static async Task<HttpResponseMessage> SendWithCookieAsync(HttpClient client, HttpRequestMessage request, string cookie)
    {
        using (request)
        {
            request.Headers.Add("Cookie", cookie);
            return await client.SendAsync(request);
        }
    }

    [GeneratedRegex("name=\"(?<name>__RequestVerificationToken[^\"]*)\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex TokenField();

    /// <summary>The app with a shared Data Protection key ring, and the TCP peer address a test names in X-Test-Peer.</summary>
    private sealed class PeerApp(IReadOnlyDictionary<string, string?> settings, DirectoryInfo keyRing) : AppFactory(settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.AddDataProtection().PersistKeysToFileSystem(keyRing).SetApplicationName("LogAnalyzer.Tests");
                services.AddSingleton<IStartupFilter, TestPeerStartupFilter>();
            });
        }
    }
}
