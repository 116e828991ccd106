using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using LogAnalyzer.Tests.Support;
using LogAnalyzer.Web.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogAnalyzer.Tests.Storage;

public sealed class OwnershipAndMigrationTests
{
    [Fact]
    public async Task WithProxyHeaderAccess_AnyoneSignedInReads_OnlyTheOwnerDeletes()
    {
        // The user header counts only from a listed proxy: every request here comes from it (127.0.0.1).
        await using var factory = new ProxiedApp(new Dictionary<string, string?>
        {
            ["Access:Mode"] = "ProxyHeader", ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        });
        using var client = factory.CreateClient();
        using var post = As("alice@example.com", HttpMethod.Post, "/api/v1/analyses");
        post.Content = JsonContent.Create(new { text = StoragePastes.Before });
        using var posted = await client.SendAsync(post);
        var id = JsonNode.Parse(await posted.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

        using var bobReads = await client.SendAsync(As("bob@example.com", HttpMethod.Get, $"/api/v1/analyses/{id}"));
        using var bobDeletes = await client.SendAsync(As("bob@example.com", HttpMethod.Delete, $"/api/v1/analyses/{id}"));
        using var stillThere = await client.SendAsync(As("bob@example.com", HttpMethod.Get, $"/api/v1/analyses/{id}"));
        using var aliceDeletes = await client.SendAsync(As("alice@example.com", HttpMethod.Delete, $"/api/v1/analyses/{id}"));

        Assert.Equal(HttpStatusCode.OK, bobReads.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, bobDeletes.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, aliceDeletes.StatusCode);
    }

    [Fact]
    public async Task AVersion1Database_IsMigratedToTheCurrentVersion_KeepingItsAnalyses()
    {
        var folder = Directory.CreateTempSubdirectory("loganalyzer-migrate-");
        var path = Path.Combine(folder.FullName, "analyses.db");
        await using (var v1 = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await v1.OpenAsync();
            await v1.ExecuteAsync("CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL);");
            await v1.ExecuteAsync(StoreDialect.Version1("INTEGER"));
            await v1.ExecuteAsync("INSERT INTO schema_version VALUES (1, 0);");
            await v1.ExecuteAsync(
                "INSERT INTO analyses VALUES ('0123456789abcdef0123456789abcdef', 1000, 't', 1, 0, NULL, 0, '{\"id\":\"0123456789abcdef0123456789abcdef\"}', NULL);");
        }

        await using var store = new AnalysisStore(new SqliteDialect(path), NullLogger<AnalysisStore>.Instance);
        await store.EnsureReadyAsync(CancellationToken.None);

        Assert.Equal(3, store.SchemaVersion);
        Assert.Equal("{\"id\":\"0123456789abcdef0123456789abcdef\"}", await store.GetDocumentAsync("0123456789abcdef0123456789abcdef", CancellationToken.None));
        Assert.True(await store.DeleteAsync("0123456789abcdef0123456789abcdef", "someone", CancellationToken.None)); // saved before owners: anyone may delete it
        await using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        var versions = (await check.QueryAsync<int>("SELECT version FROM schema_version ORDER BY version;")).ToList();
        Assert.Equal([1, 2, 3], versions);
    }

    private static HttpRequestMessage As(string user, HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Forwarded-User", user);
        return request;
    }

    private sealed class ProxiedApp(IReadOnlyDictionary<string, string?> settings) : AppFactory(settings)
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new TestPeerStartupFilter("127.0.0.1")));
        }
    }
}
