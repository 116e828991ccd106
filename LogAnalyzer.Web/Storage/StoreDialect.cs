using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LogAnalyzer.Web.Storage;

/// <summary>
/// What differs between the two databases: how a connection is made, how migrations are serialised across instances,
/// and the column types of each schema version. Every query is otherwise the same SQL.
/// </summary>
internal abstract class StoreDialect : IAsyncDisposable
{
    public abstract string Name { get; }

    /// <summary>Where the data lives, with no secret in it (for health and logs).</summary>
    public abstract string Location { get; }

    /// <summary>Schema versions in order: index 0 is version 1. Never edit a shipped one; add the next.</summary>
    public abstract IReadOnlyList<string> Migrations { get; }

    public abstract DbConnection CreateConnection();

    /// <summary>Runs before a migration inside its transaction, so two instances starting together migrate once.</summary>
    public virtual string? MigrationLockSql => null;

    /// <summary>Runs once on a new connection before migrating.</summary>
    public virtual string? PrepareSql => null;

    /// <summary>Runs on each connection that writes, before its transaction.</summary>
    public virtual string? WriteSetupSql => null;

    /// <summary>Creates what must exist before the first connection (a folder for a file database).</summary>
    public virtual void Prepare()
    {
    }

    /// <summary>
    /// Waits for this process's turn to write, where the database takes one writer at a time; dispose the result to
    /// let the next one in. Null (no wait) where writers do not exclude each other.
    /// </summary>
    public virtual ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    public abstract ValueTask DisposeAsync();

    internal static string Version1(string bigint) => $"""
        CREATE TABLE IF NOT EXISTS analyses (
            id TEXT NOT NULL PRIMARY KEY,
            created_at {bigint} NOT NULL,
            title TEXT NOT NULL,
            line_count INTEGER NOT NULL,
            group_count INTEGER NOT NULL,
            top_category TEXT NULL,
            records_omitted INTEGER NOT NULL,
            document TEXT NOT NULL,
            input TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_analyses_created ON analyses (created_at DESC, id DESC);
        """;

    /// <summary>Version 2: who saved it (the signed-in user, when access control names one), so only they can delete it.</summary>
    internal const string Version2 = "ALTER TABLE analyses ADD COLUMN owner TEXT NULL;";

    /// <summary>
    /// Version 3: every record of an analysis (up to <c>Storage:MaxStoredRecordBytes</c>), whether or not the response
    /// carried them, in compressed chunks of consecutive records, so <c>GET /api/v1/analyses/{id}/records</c> can page them.
    /// A document whose records the chunks hold in full is saved without them (<c>records_apart</c>) and read back whole.
    /// </summary>
    internal static string Version3(string blob) => $"""
        CREATE TABLE IF NOT EXISTS analysis_records (
            analysis_id TEXT NOT NULL,
            first_index INTEGER NOT NULL,
            record_count INTEGER NOT NULL,
            data {blob} NOT NULL,
            PRIMARY KEY (analysis_id, first_index)
        );
        ALTER TABLE analyses ADD COLUMN records_stored INTEGER NULL;
        ALTER TABLE analyses ADD COLUMN records_total INTEGER NULL;
        ALTER TABLE analyses ADD COLUMN records_apart INTEGER NULL;
        """;
}

/// <summary>
/// The embedded default: one SQLite file, WAL mode so readers do not wait on the writer. SQLite takes one writer at a
/// time, and Microsoft.Data.Sqlite answers a writer that finds the file locked by blocking its thread in 150 ms sleeps
/// until the lock is free: under concurrent saves each waiting request lost 150 ms steps and held a thread-pool thread
/// while it slept. Writers of this process therefore queue asynchronously at <see cref="EnterWriteAsync"/>
/// and find the file free; the busy wait only remains for another process on the same file (not a supported setup:
/// several instances share PostgreSQL).
/// </summary>
internal sealed class SqliteDialect(string path) : StoreDialect
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        DefaultTimeout = 10,
        Pooling = true,
    }.ToString();

    public override string Name => "sqlite";

    public override string Location => path;

    public override IReadOnlyList<string> Migrations { get; } = [Version1("INTEGER"), Version2, Version3("BLOB")];

    public override string PrepareSql => "PRAGMA journal_mode=WAL;";

    /// <summary>
    /// In WAL mode, NORMAL syncs the log at checkpoints instead of at every commit: the database stays consistent
    /// whatever happens, and only the last saves before a power cut or OS crash (not an app crash) can be lost. The
    /// default (FULL) made every save wait for the disk inside the server's analysis slot.
    /// </summary>
    public override string WriteSetupSql => "PRAGMA synchronous=NORMAL;";

    public override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    public override async ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Turn(_writer);
    }

    public override ValueTask DisposeAsync()
    {
        _writer.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class Turn(SemaphoreSlim writer) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                writer.Release();
            }
        }
    }

    public override void Prepare()
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}

/// <summary>PostgreSQL, shared by several instances.</summary>
internal sealed class PostgresDialect : StoreDialect
{
    // Any constant shared by every instance of this app: pg_advisory_xact_lock(key) serialises migrations.
    private const long MigrationLockKey = 0x4c6f_6741_6e61;
    private readonly NpgsqlDataSource _source;

    public PostgresDialect(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Location = $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}";
        _source = NpgsqlDataSource.Create(builder);
    }

    public override string Name => "postgresql";

    public override string Location { get; }

    public override IReadOnlyList<string> Migrations { get; } = [Version1("BIGINT"), Version2, Version3("BYTEA")];

    public override string MigrationLockSql => $"SELECT pg_advisory_xact_lock({MigrationLockKey});";

    public override DbConnection CreateConnection() => _source.CreateConnection();

    public override ValueTask DisposeAsync() => _source.DisposeAsync();
}
