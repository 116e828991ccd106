using System.Data.Common;
using Dapper;

namespace LogAnalyzer.Web.Storage;

/// <summary>
/// The saved analyses: one row per analysis holding its redacted document as JSON text (so it round-trips whatever
/// fields the document has), with the few columns the list needs. Migrates its schema before the first use.
/// </summary>
internal sealed partial class AnalysisStore(StoreDialect dialect, ILogger<AnalysisStore> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _migrating = new(1, 1);
    private volatile bool _ready;

    public string Provider => dialect.Name;

    public string Location => dialect.Location;

    /// <summary>The schema version this build writes.</summary>
    public int SchemaVersion => dialect.Migrations.Count;

    /// <summary>Applies the schema versions this database lacks (once per process; retried after a failure).</summary>
    public async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _migrating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ready)
            {
                return;
            }

            dialect.Prepare();
            var connection = dialect.CreateConnection();
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                if (dialect.PrepareSql is { } prepare)
                {
                    await connection.ExecuteAsync(new CommandDefinition(prepare, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    if (dialect.MigrationLockSql is { } lockSql)
                    {
                        await connection.ExecuteAsync(new CommandDefinition(lockSql, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    }

                    await connection.ExecuteAsync(new CommandDefinition(
                        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL);",
                        transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    var current = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                        "SELECT MAX(version) FROM schema_version;", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) ?? 0;
                    if (current > dialect.Migrations.Count)
                    {
                        throw new InvalidOperationException(
                            $"The analysis store has schema version {current}; this build knows up to {dialect.Migrations.Count}. Upgrade the app.");
                    }

                    for (var version = current + 1; version <= dialect.Migrations.Count; version++)
                    {
                        await connection.ExecuteAsync(new CommandDefinition(dialect.Migrations[version - 1], transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                        await connection.ExecuteAsync(new CommandDefinition(
                            "INSERT INTO schema_version (version, applied_at) VALUES (@version, @at);",
                            new { version, at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                        Log.Migrated(logger, dialect.Name, version);
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            _ready = true;
        }
        finally
        {
            _migrating.Release();
        }
    }

    /// <summary>
    /// Saves the row and its record chunks in one transaction (all or nothing), the chunks in order;
    /// <c>records_stored</c> counts the records they hold, and is null when <paramref name="records"/> is (no
    /// records stored apart: pages come from the document).
    /// </summary>
    public async Task SaveAsync(StoredAnalysis analysis, IEnumerable<RecordChunk>? records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        using var turn = await dialect.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = dialect.CreateConnection();
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (dialect.WriteSetupSql is { } setup)
            {
                await connection.ExecuteAsync(new CommandDefinition(setup, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                int? stored = records is null ? null : 0;
                foreach (var chunk in records ?? [])
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        "INSERT INTO analysis_records (analysis_id, first_index, record_count, data) VALUES (@id, @first, @count, @data);",
                        new { id = analysis.Id, first = chunk.FirstIndex, count = chunk.Count, data = chunk.Data }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    stored += chunk.Count;
                }

                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO analyses (id, created_at, title, line_count, group_count, top_category, records_omitted, document, input, owner, records_stored, records_total, records_apart)
                    VALUES (@Id, @CreatedAt, @Title, @Lines, @Groups, @TopCategory, @RecordsOmitted, @Document, @Input, @Owner, @RecordsStored, @RecordsTotal, @RecordsApart);
                    """,
                    new
                    {
                        analysis.Id,
                        CreatedAt = analysis.CreatedAt.ToUnixTimeMilliseconds(),
                        analysis.Title,
                        analysis.Lines,
                        analysis.Groups,
                        analysis.TopCategory,
                        RecordsOmitted = analysis.RecordsOmitted ? 1 : 0,
                        analysis.Document,
                        analysis.Input,
                        analysis.Owner,
                        RecordsStored = stored,
                        analysis.RecordsTotal,
                        RecordsApart = analysis.RecordsApart ? 1 : 0,
                    },
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The stored record chunks that overlap [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="count"/>),
    /// in order, with how many records the analysis has stored; null for an unknown id. <c>Stored</c> is null for an
    /// analysis saved before records were stored apart (its records, if any, are in its document).
    /// </summary>
    public Task<StoredRecords?> GetRecordsAsync(string id, int offset, int count, CancellationToken cancellationToken) =>
        QueryAsync(async c =>
        {
            var row = await c.QuerySingleOrDefaultAsync<RecordsRow>(new CommandDefinition(
                "SELECT id AS Id, records_stored AS Stored, records_total AS Total FROM analyses WHERE id = @id;", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (row is null)
            {
                return null;
            }

            if (row.Stored is null || count == 0 || offset >= row.Stored)
            {
                return new StoredRecords(row.Stored, row.Total, []);
            }

            var chunks = await c.QueryAsync<ChunkRow>(new CommandDefinition(
                """
                SELECT first_index AS FirstIndex, record_count AS Count, data AS Data FROM analysis_records
                WHERE analysis_id = @id AND first_index < @end AND first_index + record_count > @offset
                ORDER BY first_index;
                """,
                new { id, offset = (long)offset, end = (long)offset + count }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return new StoredRecords(row.Stored, row.Total, [.. chunks.Select(r => new RecordChunk(r.FirstIndex, r.Count, r.Data))]);
        }, cancellationToken);

    /// <summary>
    /// The saved document's JSON (null for an unknown id), and whether its records were left out of it because the
    /// record chunks hold every one of them.
    /// </summary>
    public Task<(string? Document, bool RecordsApart)> GetDocumentRowAsync(string id, CancellationToken cancellationToken) =>
        QueryAsync(async c =>
        {
            var row = await c.QuerySingleOrDefaultAsync<DocumentRow>(new CommandDefinition(
                "SELECT document AS Document, records_apart AS RecordsApart FROM analyses WHERE id = @id;", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (row?.Document, row?.RecordsApart is 1);
        }, cancellationToken);

    /// <summary>The saved document's JSON, or null for an unknown id.</summary>
    public Task<string?> GetDocumentAsync(string id, CancellationToken cancellationToken) =>
        QueryAsync(c => c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT document FROM analyses WHERE id = @id;", new { id }, cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>The kept (redacted) input: null for an unknown id, and (true, null) when none was kept.</summary>
    public Task<(bool Found, string? Input)> GetInputAsync(string id, CancellationToken cancellationToken) =>
        QueryAsync(async c =>
        {
            var row = await c.QuerySingleOrDefaultAsync<InputRow>(new CommandDefinition(
                "SELECT id AS Id, input AS Input FROM analyses WHERE id = @id;", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (row is not null, row?.Input);
        }, cancellationToken);

    /// <summary>The created-at of one saved analysis (a list cursor), or null for an unknown id.</summary>
    public Task<long?> GetCreatedAtAsync(string id, CancellationToken cancellationToken) =>
        QueryAsync(c => c.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT created_at FROM analyses WHERE id = @id;", new { id }, cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>Newest first; with a cursor, only those before it (created earlier, or at the same instant with a smaller id).</summary>
    public async Task<IReadOnlyList<AnalysisListItem>> ListAsync(int limit, long? beforeCreatedAt, string? beforeId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(c => c.QueryAsync<ListRow>(new CommandDefinition(
            """
            SELECT id AS Id, created_at AS CreatedAt, title AS Title, line_count AS Lines, group_count AS Groups, top_category AS TopCategory
            FROM analyses
            WHERE @before IS NULL OR created_at < @before OR (created_at = @before AND id < @beforeId)
            ORDER BY created_at DESC, id DESC
            LIMIT @limit;
            """,
            new { before = beforeCreatedAt, beforeId = beforeId ?? "", limit }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new AnalysisListItem(r.Id, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), r.Title, r.Lines, r.Groups, r.TopCategory))];
    }

    /// <summary>
    /// Deletes one at once. With a <paramref name="user"/>, an analysis another user saved is left alone and answered as
    /// not found (false), so its existence is not revealed; one saved without a user can be deleted by anyone who can read it.
    /// </summary>
    public async Task<bool> DeleteAsync(string id, string? user, CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        using var turn = await dialect.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var deleted = await ExecuteAsync(
            "DELETE FROM analyses WHERE id = @id AND (owner IS NULL OR @user IS NULL OR owner = @user);",
            new { id, user }, cancellationToken).ConfigureAwait(false) > 0;
        if (deleted)
        {
            await ExecuteAsync("DELETE FROM analysis_records WHERE analysis_id = @id;", new { id }, cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }

    /// <summary>Deletes every analysis created before <paramref name="cutoff"/> (and its records); returns how many.</summary>
    public async Task<int> DeleteCreatedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var at = cutoff.ToUnixTimeMilliseconds();
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        using var turn = await dialect.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            "DELETE FROM analysis_records WHERE analysis_id IN (SELECT id FROM analyses WHERE created_at < @cutoff);",
            new { cutoff = at }, cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync("DELETE FROM analyses WHERE created_at < @cutoff;", new { cutoff = at }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One round trip to the database (readiness).</summary>
    public Task<int> PingAsync(CancellationToken cancellationToken) =>
        QueryAsync(c => c.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM schema_version;", cancellationToken: cancellationToken)), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _migrating.Dispose();
        await dialect.DisposeAsync().ConfigureAwait(false);
    }

    private Task<int> ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        QueryAsync(c => c.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)), cancellationToken);

    private async Task<T> QueryAsync<T>(Func<DbConnection, Task<T>> query, CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var connection = dialect.CreateConnection();
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await query(connection).ConfigureAwait(false);
        }
    }

    // Classes with setters, not positional records: Dapper then converts SQLite's 64-bit integers to the property types.
    private sealed class ListRow
    {
        public string Id { get; set; } = "";

        public long CreatedAt { get; set; }

        public string Title { get; set; } = "";

        public int Lines { get; set; }

        public int Groups { get; set; }

        public string? TopCategory { get; set; }
    }

    private sealed class DocumentRow
    {
        public string Document { get; set; } = "";

        public int? RecordsApart { get; set; }
    }

    private sealed class RecordsRow
    {
        public string Id { get; set; } = "";

        public int? Stored { get; set; }

        public int? Total { get; set; }
    }

    private sealed class ChunkRow
    {
        public int FirstIndex { get; set; }

        public int Count { get; set; }

        public byte[] Data { get; set; } = [];
    }

    private sealed class InputRow
    {
        public string Id { get; set; } = "";

        public string? Input { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Information, "Analysis store ({Provider}) migrated to schema version {Version}", EventName = "StoreMigrated")]
        public static partial void Migrated(ILogger logger, string provider, int version);
    }
}

/// <summary>A row to save: the redacted document's JSON and the columns the list shows.</summary>
internal sealed record StoredAnalysis(
    string Id,
    DateTimeOffset CreatedAt,
    string Title,
    int Lines,
    int Groups,
    string? TopCategory,
    bool RecordsOmitted,
    string Document,
    string? Input,
    string? Owner = null,
    int? RecordsTotal = null,
    bool RecordsApart = false);

/// <summary>Consecutive records [<see cref="FirstIndex"/>, +<see cref="Count"/>) as compressed JSON (<see cref="RecordChunks"/>).</summary>
internal sealed record RecordChunk(int FirstIndex, int Count, byte[] Data);

/// <summary>
/// How many records an analysis has stored (null: saved before records were stored apart) out of how many it had, and
/// the chunks asked for.
/// </summary>
internal sealed record StoredRecords(int? Stored, int? Total, IReadOnlyList<RecordChunk> Chunks);

/// <summary>One entry of <c>GET /api/v1/analyses</c>.</summary>
public sealed record AnalysisListItem(string Id, DateTimeOffset CreatedAt, string Title, int Lines, int Groups, string? TopIncidentCategory);
