namespace LogAnalyzer.Tests.Storage;

/// <summary>
/// Where the scale-out test's real servers are: Debian's postgresql and nginx (scripts/test.sh installs them), and
/// redis-server. The test is skipped, saying which is missing, only when a binary is not installed.
/// </summary>
internal static class ScaleOutBinaries
{
    public static string? PostgresBin { get; } = FindPostgresBin();

    public static string? Nginx { get; } = Find(Environment.GetEnvironmentVariable("LOGANALYZER_NGINX"), "/usr/sbin/nginx", "/usr/bin/nginx");

    public static string? Redis { get; } = Find(Environment.GetEnvironmentVariable("LOGANALYZER_REDIS_SERVER"), "/usr/bin/redis-server");

    /// <summary>Null when all are there; else the sentence the skipped test shows.</summary>
    public static string? Missing()
    {
        var missing = new List<string>(3);
        if (PostgresBin is null)
        {
            missing.Add("postgresql (initdb/postgres under /usr/lib/postgresql/*/bin)");
        }

        if (Nginx is null)
        {
            missing.Add("nginx");
        }

        if (Redis is null)
        {
            missing.Add("redis-server");
        }

        return missing.Count == 0
            ? null
            : $"Not installed: {string.Join(", ", missing)}. Run `bash scripts/test.sh`, which installs them (apt-get install postgresql nginx redis-server).";
    }

    private static string? Find(params string?[] candidates) =>
        candidates.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c) && File.Exists(c));

    private static string? FindPostgresBin()
    {
        var configured = Environment.GetEnvironmentVariable("LOGANALYZER_POSTGRES_BIN");
        if (!string.IsNullOrWhiteSpace(configured) && File.Exists(Path.Combine(configured, "postgres")))
        {
            return configured;
        }

        const string root = "/usr/lib/postgresql";
        return Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "postgres")) && File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => b, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
    }
}

/// <summary>A fact that runs only where the scale-out binaries are installed, and says which are missing otherwise.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ScaleOutFactAttribute : FactAttribute
{
    public ScaleOutFactAttribute()
    {
        if (ScaleOutBinaries.Missing() is { } reason)
        {
            Skip = reason;
        }
    }
}
