using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LogAnalyzer.Tests.Support;
using LogAnalyzer.Web.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace LogAnalyzer.Tests.Storage;

public sealed class DataProtectionTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task TwoInstances_SharingRedis_UnprotectWhatTheOtherProtected()
    {
        await using var first = new AppFactory(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.ConnectionString });
        await using var second = new AppFactory(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.ConnectionString });

        var token = Protector(first).Protect("antiforgery-or-cookie");
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

        Assert.Equal("antiforgery-or-cookie", Protector(second).Unprotect(token));
        Assert.NotEmpty(await connection.GetDatabase().ListRangeAsync(StorageSetup.DataProtectionKey)); // the ring is in Redis, not a local folder
    }

    [Fact]
    public async Task WithACertificate_TheKeysInRedisAreEncrypted()
    {
        var folder = Directory.CreateTempSubdirectory("loganalyzer-dp-");
        var pfx = Path.Combine(folder.FullName, "dp.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=LogAnalyzer Data Protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pw-for-test"));
        }

        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await connection.GetDatabase().KeyDeleteAsync(StorageSetup.DataProtectionKey);
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["DataProtection:CertificatePath"] = pfx,
            ["DataProtection:CertificatePassword"] = "pw-for-test",
        };
        await using var first = new AppFactory(settings);
        await using var second = new AppFactory(settings);

        var token = Protector(first).Protect("secret-cookie");
        var stored = await connection.GetDatabase().ListRangeAsync(StorageSetup.DataProtectionKey);

        Assert.Equal("secret-cookie", Protector(second).Unprotect(token));
        Assert.NotEmpty(stored);
        Assert.All(stored, key => Assert.Contains("encryptedSecret", key.ToString(), StringComparison.Ordinal));
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task AnUnreadableCertificate_StopsTheAppAtStart_NamingTheSetting()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["DataProtection:CertificatePath"] = "/nonexistent/dp.pfx" });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("DataProtection:CertificatePath", error.ToString(), StringComparison.Ordinal);
    }

    private static IDataProtector Protector(AppFactory factory) =>
        factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("LogAnalyzer.Tests");
}
