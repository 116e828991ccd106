using LogAnalyzer.Core.Insights;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Insights;

/// <summary>Every catalogue rule recognises real-looking failures in the shapes frameworks print them.</summary>
public sealed class RuleCatalogueSampleTests
{
    /// <summary>Rule id, the record's text, and the parsed exception (type, message) when the record carries one.</summary>
    public static TheoryData<string, string, string?, string?> Samples => new()
    {
        { "k8s-oomkilled", "kubelet: Container orders in pod orders-7d9f8b-x2kq was OOMKilled: Last State: Terminated, Reason: OOMKilled", null, null },
        { "k8s-oomkilled", "Container orders terminated with exit code 137 (restart count 4)", null, null },
        { "k8s-crashloopbackoff", "Warning  BackOff  12s (x25 over 5m)  kubelet  Back-off restarting failed container orders in pod orders-7d9f8b-x2kq_prod", null, null },
        { "k8s-crashloopbackoff", "pod/orders-7d9f8b-x2kq  0/1  CrashLoopBackOff  7 (2m ago)  12m", null, null },
        { "k8s-imagepullbackoff", "Failed to pull image \"registry.acme.io/orders:1.4.2\": rpc error: code = NotFound desc = manifest unknown", null, null },
        { "k8s-imagepullbackoff", "Error: ImagePullBackOff (Back-off pulling image \"registry.acme.io/orders:1.4.2\")", null, null },
        { "out-of-memory", "Exception in thread \"worker-3\" java.lang.OutOfMemoryError: Java heap space\n\tat java.util.Arrays.copyOf(Arrays.java:3332)\n\tat com.acme.reports.ReportBuilder.append(ReportBuilder.java:88)", "java.lang.OutOfMemoryError", "Java heap space" },
        { "out-of-memory", "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", null, null },
        { "db-pool-exhausted", "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.\n\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)", "java.sql.SQLTransientConnectionException", "HikariPool-1 - Connection is not available, request timed out after 30000ms." },
        { "db-pool-exhausted", "System.InvalidOperationException: Timeout expired.  The timeout period elapsed prior to obtaining a connection from the pool.  This may have occurred because all pooled connections were in use and max pool size was reached.", "System.InvalidOperationException", "Timeout expired.  The timeout period elapsed prior to obtaining a connection from the pool.  This may have occurred because all pooled connections were in use and max pool size was reached." },
        { "disk-full", "java.io.IOException: No space left on device\n\tat java.io.FileOutputStream.writeBytes(Native Method)\n\tat com.acme.export.CsvWriter.flush(CsvWriter.java:57)", "java.io.IOException", "No space left on device" },
        { "disk-full", "ERROR:  could not extend file \"base/16384/24576\": No space left on device", null, null },
        { "thread-pool-starvation", "warn: Microsoft.AspNetCore.Server.Kestrel[22] As of \"05/14/2024 09:00:03 +00:00\", the heartbeat has been running for \"00:00:01.5\" which is longer than \"00:00:01\". This could be caused by thread pool starvation.", null, null },
        { "thread-pool-starvation", "java.util.concurrent.RejectedExecutionException: Task java.util.concurrent.FutureTask@5e2de80c rejected from java.util.concurrent.ThreadPoolExecutor@1d44bcfa[Running, pool size = 200, active threads = 200, queued tasks = 1000]", "java.util.concurrent.RejectedExecutionException", "Task java.util.concurrent.FutureTask@5e2de80c rejected from java.util.concurrent.ThreadPoolExecutor@1d44bcfa" },
        { "deadlock", "com.mysql.cj.jdbc.exceptions.MySQLTransactionRollbackException: Deadlock found when trying to get lock; try restarting transaction", "com.mysql.cj.jdbc.exceptions.MySQLTransactionRollbackException", "Deadlock found when trying to get lock; try restarting transaction" },
        { "deadlock", "Microsoft.Data.SqlClient.SqlException (0x80131904): Transaction (Process ID 57) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction.", "Microsoft.Data.SqlClient.SqlException", "Transaction (Process ID 57) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction." },
        { "tls-certificate", "javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target", "javax.net.ssl.SSLHandshakeException", "PKIX path building failed" },
        { "tls-certificate", "level=error msg=\"rate refresh failed\" err=\"Get \\\"https://api.partner.example:8443/v1/rates\\\": x509: certificate has expired or is not yet valid\"", null, null },
        { "dns-failure", "java.net.UnknownHostException: orders-db.internal: Name or service not known\n\tat java.net.Inet6AddressImpl.lookupAllHostAddr(Native Method)", "java.net.UnknownHostException", "orders-db.internal: Name or service not known" },
        { "dns-failure", "Error: getaddrinfo ENOTFOUND payments.internal\n    at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:107:26)", "Error", "getaddrinfo ENOTFOUND payments.internal" },
        { "rate-limited", "GitHub API call failed: HTTP 429 Too Many Requests (API rate limit exceeded for installation 4211)", null, null },
        { "rate-limited", "Request to https://api.stripe.example/v1/charges failed with status 429", null, null },
        { "db-constraint", "ERROR:  duplicate key value violates unique constraint \"orders_pkey\"\nDETAIL:  Key (id)=(42) already exists.", null, null },
        { "db-constraint", "sqlalchemy.exc.IntegrityError: (psycopg2.errors.ForeignKeyViolation) insert or update on table \"order_items\" violates foreign key constraint \"order_items_order_id_fkey\"", "sqlalchemy.exc.IntegrityError", "(psycopg2.errors.ForeignKeyViolation) insert or update on table \"order_items\" violates foreign key constraint \"order_items_order_id_fkey\"" },
        { "forbidden", "System.Net.Http.HttpRequestException: Response status code does not indicate success: 403 (Forbidden).", "System.Net.Http.HttpRequestException", "Response status code does not indicate success: 403 (Forbidden)." },
        { "forbidden", "AccessDeniedException: User: arn:aws:sts::[REDACTED:account]:assumed-role/orders/svc is not authorized to perform: dynamodb:PutItem on resource: table/orders", null, null },
        { "unauthorized", "System.Net.Http.HttpRequestException: Response status code does not indicate success: 401 (Unauthorized).", "System.Net.Http.HttpRequestException", "Response status code does not indicate success: 401 (Unauthorized)." },
        { "unauthorized", "Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException: IDX10223: Lifetime validation failed. The token is expired.", "Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException", "IDX10223: Lifetime validation failed. The token is expired." },
        { "unauthorized", "FATAL:  password authentication failed for user \"orders\"", null, null },
        { "config-missing", "java.lang.IllegalArgumentException: Could not resolve placeholder 'payments.api.url' in value \"${payments.api.url}\"", "java.lang.IllegalArgumentException", "Could not resolve placeholder 'payments.api.url' in value \"${payments.api.url}\"" },
        { "config-missing", "Traceback (most recent call last):\n  File \"/app/settings.py\", line 12, in <module>\n    DATABASE_URL = os.environ[\"DATABASE_URL\"]\nKeyError: 'DATABASE_URL'", "KeyError", "'DATABASE_URL'" },
        { "config-missing", "Startup failed: environment variable ORDERS_DB_URL is not set", null, null },
        { "missing-dependency", "java.lang.NoClassDefFoundError: com/fasterxml/jackson/databind/ObjectMapper\n\tat com.acme.api.JsonConfig.mapper(JsonConfig.java:21)", "java.lang.NoClassDefFoundError", "com/fasterxml/jackson/databind/ObjectMapper" },
        { "missing-dependency", "System.IO.FileNotFoundException: Could not load file or assembly 'Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed'. The system cannot find the file specified.", "System.IO.FileNotFoundException", "Could not load file or assembly 'Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed'. The system cannot find the file specified." },
        { "permission-denied", "System.UnauthorizedAccessException: Access to the path '/var/lib/orders/export.csv' is denied.", "System.UnauthorizedAccessException", "Access to the path '/var/lib/orders/export.csv' is denied." },
        { "permission-denied", "PermissionError: [Errno 13] Permission denied: '/var/log/app/app.log'", "PermissionError", "[Errno 13] Permission denied: '/var/log/app/app.log'" },
        { "connection-refused", "System.Net.Http.HttpRequestException: Connection refused (orders-db.internal:5432)\n ---> System.Net.Sockets.SocketException (111): Connection refused", "System.Net.Http.HttpRequestException", "Connection refused (orders-db.internal:5432)" },
        { "connection-refused", "Error: connect ECONNREFUSED 127.0.0.1:6379\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)", "Error", "connect ECONNREFUSED 127.0.0.1:6379" },
        { "file-not-found", "FileNotFoundError: [Errno 2] No such file or directory: '/srv/reports/2024-05.csv'", "FileNotFoundError", "[Errno 2] No such file or directory: '/srv/reports/2024-05.csv'" },
        { "file-not-found", "java.io.FileNotFoundException: /data/reports/2024-05.csv (No such file or directory)", "java.io.FileNotFoundException", "/data/reports/2024-05.csv (No such file or directory)" },
        { "connection-reset", "java.net.SocketException: Connection reset\n\tat java.net.SocketInputStream.read(SocketInputStream.java:210)", "java.net.SocketException", "Connection reset" },
        { "connection-reset", "Error: socket hang up\n    at connResetException (node:internal/errors:720:14)", "Error", "socket hang up" },
        { "null-dereference", "java.lang.NullPointerException: Cannot invoke \"com.acme.Customer.getEmail()\" because \"customer\" is null\n\tat com.acme.orders.OrderService.notify(OrderService.java:118)", "java.lang.NullPointerException", "Cannot invoke \"com.acme.Customer.getEmail()\" because \"customer\" is null" },
        { "null-dereference", "System.NullReferenceException: Object reference not set to an instance of an object.\n   at Acme.Orders.OrderService.Notify(Order order) in /src/Orders/OrderService.cs:line 118", "System.NullReferenceException", "Object reference not set to an instance of an object." },
        { "null-dereference", "TypeError: Cannot read properties of undefined (reading 'id')\n    at /app/src/orders.js:42:17", "TypeError", "Cannot read properties of undefined (reading 'id')" },
        { "null-dereference", "AttributeError: 'NoneType' object has no attribute 'get'", "AttributeError", "'NoneType' object has no attribute 'get'" },
        { "null-dereference", "panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a2b3c]", null, null },
        { "index-key-error", "System.Collections.Generic.KeyNotFoundException: The given key 'tenant-42' was not present in the dictionary.", "System.Collections.Generic.KeyNotFoundException", "The given key 'tenant-42' was not present in the dictionary." },
        { "index-key-error", "IndexError: list index out of range", "IndexError", "list index out of range" },
        { "index-key-error", "java.lang.ArrayIndexOutOfBoundsException: Index 5 out of bounds for length 5", "java.lang.ArrayIndexOutOfBoundsException", "Index 5 out of bounds for length 5" },
        { "serialization", "System.Text.Json.JsonException: '<' is an invalid start of a value. Path: $ | LineNumber: 0 | BytePositionInLine: 0.", "System.Text.Json.JsonException", "'<' is an invalid start of a value. Path: $ | LineNumber: 0 | BytePositionInLine: 0." },
        { "serialization", "SyntaxError: Unexpected token < in JSON at position 0", "SyntaxError", "Unexpected token < in JSON at position 0" },
        { "serialization", "com.fasterxml.jackson.databind.exc.MismatchedInputException: Cannot deserialize value of type `java.util.ArrayList<com.acme.Item>` from Object value", "com.fasterxml.jackson.databind.exc.MismatchedInputException", "Cannot deserialize value of type `java.util.ArrayList<com.acme.Item>` from Object value" },
        { "gc-pressure", "WARN org.apache.hadoop.hbase.util.JvmPauseMonitor: Detected pause in JVM or host machine (eg GC): pause of approximately 12034ms", null, null },
        { "gc-pressure", "[warning][gc] GC(1453) Pause Full (G1 Compaction Pause) 3980M->3975M(4096M) 2410.337ms", null, null },
        { "upstream-5xx", "System.Net.Http.HttpRequestException: Response status code does not indicate success: 503 (Service Unavailable).", "System.Net.Http.HttpRequestException", "Response status code does not indicate success: 503 (Service Unavailable)." },
        { "upstream-5xx", "10.0.0.7 - - [14/May/2024:09:00:03 +0000] \"GET /v1/orders HTTP/1.1\" 502 157 \"-\" \"curl/8.5.0\"", null, null },
        { "user-login-failure", "WARN auth.LoginService: login failed for user admin (bad password) from 203.0.113.9", null, null },
        { "user-login-failure", "sshd[20411]: Failed password for invalid user oracle from 203.0.113.9 port 51234 ssh2", null, null },
        { "api-misuse", "smtplib.SMTPServerDisconnected: please run connect() first", "smtplib.SMTPServerDisconnected", "please run connect() first" },
        { "api-misuse", "System.ObjectDisposedException: Cannot access a disposed object.\nObject name: 'System.Net.Http.HttpClient'.", "System.ObjectDisposedException", "Cannot access a disposed object." },
        { "timeout", "java.net.SocketTimeoutException: Read timed out\n\tat java.net.SocketInputStream.socketRead0(Native Method)", "java.net.SocketTimeoutException", "Read timed out" },
        { "timeout", "System.Threading.Tasks.TaskCanceledException: The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", "System.Threading.Tasks.TaskCanceledException", "The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing." },
        { "timeout", "requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.partner.example', port=443): Read timed out. (read timeout=10)", "requests.exceptions.ReadTimeout", "HTTPSConnectionPool(host='api.partner.example', port=443): Read timed out. (read timeout=10)" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Explain_KnownSignature_MatchesItsRule(string rule, string text, string? exceptionType, string? exceptionMessage)
    {
        var some = new RulesSome()
            .Info("GET /v1/orders 200 12ms")
            .Error("A", text, Exception(exceptionType, exceptionMessage))
            .Error("A", text, Exception(exceptionType, exceptionMessage));

        var insight = Assert.Single(new RuleInsightProvider().Explain(some.Groups(), some.Records));

        Assert.Equal(rule, insight.Rule);
        Assert.Equal("A", insight.GroupId);
        Assert.Equal(InsightSource.Rules, insight.Source);
        Assert.InRange(insight.Confidence, 0.35, 0.95);
        Assert.False(string.IsNullOrWhiteSpace(insight.ProbableCause));
        Assert.DoesNotContain("{", insight.ProbableCause, StringComparison.Ordinal);
        Assert.NotEmpty(insight.SuggestedInvestigation);
        Assert.NotEmpty(insight.Mitigation);
        Assert.Contains(insight.Evidence, e => e.Line == 2);
    }

    [Fact]
    public void Samples_CoverEveryCatalogueRule_AtLeastOnce()
    {
        var covered = Samples.Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);

        var uncovered = RuleCatalogue.Default.Rules.Select(r => r.Id).Where(id => !covered.Contains(id)).ToList();

        Assert.Empty(uncovered);
    }

    [Fact]
    public void Catalogue_CoversTheRequiredFamilies()
    {
        string[] required =
        [
            "timeout", "connection-refused", "connection-reset", "dns-failure", "tls-certificate", "unauthorized", "forbidden",
            "rate-limited", "upstream-5xx", "out-of-memory", "gc-pressure", "disk-full", "file-not-found", "permission-denied",
            "null-dereference", "index-key-error", "deadlock", "db-constraint", "db-pool-exhausted", "serialization",
            "config-missing", "thread-pool-starvation", "k8s-oomkilled", "k8s-crashloopbackoff", "k8s-imagepullbackoff",
        ];

        var ids = RuleCatalogue.Default.Rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

        Assert.All(required, id => Assert.Contains(id, ids));
    }

    private static ExceptionInfo? Exception(string? type, string? message) =>
        type is null ? null : new ExceptionInfo { Language = "unknown", Type = type, Message = message };
}
