using LogAnalyzer.Web.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LogAnalyzer.Web.Storage;

/// <summary>Saved analyses (SQLite by default, PostgreSQL when configured) and the state several instances share.</summary>
internal static class StorageSetup
{
    /// <summary>The Redis key holding the Data Protection key ring shared by every instance.</summary>
    public const string DataProtectionKey = "loganalyzer:dataprotection-keys";

    /// <summary>A PKCS#12 (.pfx) file whose certificate encrypts the Data Protection keys at rest (the same file on every instance).</summary>
    public const string CertificatePathSetting = "DataProtection:CertificatePath";

    public const string CertificatePasswordSetting = "DataProtection:CertificatePassword";

    public static WebApplicationBuilder AddAnalysisStorage(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>>(new StorageConnectionValidator(configuration));
        services.AddSingleton<StoreDialect>(sp =>
        {
            var postgres = configuration.GetConnectionString(StorageOptions.ConnectionName);
            if (!string.IsNullOrWhiteSpace(postgres))
            {
                return new PostgresDialect(postgres);
            }

            var folder = sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory;
            var root = Path.IsPathRooted(folder) ? folder : Path.Combine(builder.Environment.ContentRootPath, folder);
            return new SqliteDialect(Path.Combine(root, "analyses.db"));
        });
        services.AddSingleton<AnalysisStore>();
        services.AddSingleton<AnalysisArchive>();
        services.AddSingleton<RetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: [HealthEndpoints.ReadyTag]);

        // Several instances: one Data Protection key ring (antiforgery, sign-in cookies) in Redis when it is configured.
        var dataProtection = services.AddDataProtection().SetApplicationName("LogAnalyzer");
        var redis = configuration.GetConnectionString(CacheSetup.RedisConnectionName);
        if (!string.IsNullOrWhiteSpace(redis))
        {
            var shared = new SharedRedis(redis);
            services.AddSingleton(shared);
            dataProtection.PersistKeysToStackExchangeRedis(() => shared.Connection.GetDatabase(), DataProtectionKey);
        }

        // Keys at rest: encrypted with a certificate every instance has (this is what ends "No XML encryptor configured").
        var certificate = configuration[CertificatePathSetting];
        if (!string.IsNullOrWhiteSpace(certificate))
        {
            dataProtection.ProtectKeysWithCertificate(LoadCertificate(certificate, configuration[CertificatePasswordSetting]));
        }

        return builder;
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 LoadCertificate(string path, string? password)
    {
        try
        {
            return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException(
                $"{CertificatePathSetting} ('{path}') could not be loaded as a PKCS#12 certificate with its private key ({ex.GetType().Name}); check the file and {CertificatePasswordSetting}.", ex);
        }
    }

    /// <summary>A PostgreSQL connection string that does not parse stops the app at start, naming the setting.</summary>
    private sealed class StorageConnectionValidator(IConfiguration configuration) : IValidateOptions<StorageOptions>
    {
        public ValidateOptionsResult Validate(string? name, StorageOptions options)
        {
            var postgres = configuration.GetConnectionString(StorageOptions.ConnectionName);
            if (string.IsNullOrWhiteSpace(postgres))
            {
                return ValidateOptionsResult.Success;
            }

            try
            {
                _ = new NpgsqlConnectionStringBuilder(postgres);
                return ValidateOptionsResult.Success;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
            {
                return ValidateOptionsResult.Fail(
                    $"ConnectionStrings:{StorageOptions.ConnectionName} is not a valid PostgreSQL connection string (e.g. \"Host=db;Database=loganalyzer;Username=app;Password=...\").");
            }
        }
    }
}
