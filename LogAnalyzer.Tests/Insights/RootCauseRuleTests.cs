using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Insights;

/// <summary>Known wrong answers of the rules, each pinned: the innermost cause decides, the cited line shows it.</summary>
public sealed class RootCauseRuleTests
{
    private const string PoolOverRefused = """
        2026-03-02T10:00:31.318Z ERROR [orders-api] c.a.orders.web.OrderController: Failed to load order 981
        org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection; nested exception is java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.
        	at org.springframework.jdbc.datasource.DataSourceUtils.getConnection(DataSourceUtils.java:84)
        	at com.acme.orders.repo.OrderRepository.findById(OrderRepository.java:41)
        Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.
        	at com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)
        	... 12 more
        Caused by: org.postgresql.util.PSQLException: Connection to orders-db.internal:5432 refused. Check that the hostname and port are correct.
        	at org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:319)
        	... 20 more
        Caused by: java.net.ConnectException: Connection refused
        	at java.base/sun.nio.ch.Net.pollConnect(Native Method)
        	... 31 more
        """;

    [Fact]
    public async Task PoolExhaustion_CausedByConnectionRefused_IsDependencyUnreachable_CitingTheCausedByLine()
    {
        var document = await Pipeline.AnalyzeAsync(PoolOverRefused);

        var insight = Assert.Single(document.Insights);
        Assert.Equal("connection-refused", insight.Rule);
        Assert.Equal(CauseCategory.DependencyUnreachable, insight.CauseCategory);
        Assert.Contains(insight.Evidence, e => e.Quote.StartsWith("Caused by: java.net.ConnectException", StringComparison.Ordinal));
        Assert.DoesNotContain("pool", insight.ProbableCause, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task LibpqServerAtHostPort_NamesTheEndpoint_AndClaimsNoHostOrPortMissing()
    {
        const string log = """
            2026-03-02T10:00:01.020Z ERROR [billing-worker] billing.tasks: invoice batch failed: connection to server at "orders-db.internal" (10.0.9.12), port 5432 failed: Connection refused
            2026-03-02T10:00:06.020Z ERROR [billing-worker] billing.tasks: invoice batch failed: connection to server at "orders-db.internal" (10.0.9.12), port 5432 failed: Connection refused
            """;

        var document = await Pipeline.AnalyzeAsync(log);

        var insight = Assert.Single(document.Insights);
        Assert.Contains("orders-db.internal:5432", insight.ProbableCause, StringComparison.Ordinal);
        Assert.DoesNotContain(insight.MissingContext, m => m.Kind is MissingContextKind.Host or MissingContextKind.Port);
    }

    [Fact]
    public async Task UserLoginFailuresFromAnAddress_AreUserAuthFailures_NotACredentialToRotate()
    {
        const string log = """
            2026-03-07T03:12:02.118Z WARN  admin-portal auth.LoginService: login failed for user admin (bad password) from 203.0.113.9
            2026-03-07T03:12:02.540Z WARN  admin-portal auth.LoginService: login failed for user admin (bad password) from 203.0.113.9
            2026-03-07T03:12:03.411Z WARN  admin-portal auth.LoginService: login failed for user admin (bad password) from 203.0.113.9
            """;

        var document = await Pipeline.AnalyzeAsync(log);

        var insight = Assert.Single(document.Insights);
        Assert.Equal("user-login-failure", insight.Rule);
        Assert.Equal(CauseCategory.Auth, insight.CauseCategory);
        Assert.Contains("brute force", insight.ProbableCause, StringComparison.Ordinal);
        Assert.DoesNotContain(insight.Mitigation, m => m.Contains("rotate", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SmtpPleaseRunConnectFirst_IsACodeDefect_NotATimeout()
    {
        const string log = """
            2026-03-08 09:30:00,233 ERROR [notifier] mailer: failed to send confirmation for order 5521
            Traceback (most recent call last):
              File "/srv/notifier/mailer.py", line 54, in send_confirmation
                self.smtp = smtplib.SMTP(host, timeout=10); self.smtp.send_message(msg)
              File "/usr/lib/python3.11/smtplib.py", line 368, in send
                raise SMTPServerDisconnected('please run connect() first')
            smtplib.SMTPServerDisconnected: please run connect() first
            """;

        var document = await Pipeline.AnalyzeAsync(log);

        var insight = Assert.Single(document.Insights);
        Assert.Equal(CauseCategory.CodeDefect, insight.CauseCategory);
        Assert.NotEqual("timeout", insight.Rule);
    }

    [Fact]
    public async Task AccessLog5xx_NamesTheUpstreamField_NeverTheReferer_WithServerSideAdvice()
    {
        const string log = """
            10.0.2.15 - - [02/Mar/2026:10:00:31 +0000] "GET /api/orders/981 HTTP/1.1" 502 157 "https://shop.example.com/orders" "Mozilla/5.0" upstream: "http://10.0.3.7:8080/api/orders/981"
            10.0.2.15 - - [02/Mar/2026:10:00:33 +0000] "GET /api/orders/982 HTTP/1.1" 502 157 "https://shop.example.com/orders" "Mozilla/5.0" upstream: "http://10.0.3.7:8080/api/orders/982"
            10.0.2.17 - - [02/Mar/2026:10:00:35 +0000] "POST /api/orders HTTP/1.1" 502 157 "https://shop.example.com/cart" "Mozilla/5.0" upstream: "http://10.0.3.7:8080/api/orders"
            """;

        var document = await Pipeline.AnalyzeAsync(log);

        Assert.NotEmpty(document.Insights);
        Assert.All(document.Insights, insight =>
        {
            Assert.Equal(CauseCategory.UpstreamError, insight.CauseCategory);
            Assert.Contains("10.0.3.7:8080", insight.ProbableCause, StringComparison.Ordinal);
            Assert.DoesNotContain("shop.example.com", insight.ProbableCause, StringComparison.Ordinal);
            Assert.StartsWith("This server answered", insight.ProbableCause, StringComparison.Ordinal);
        });
    }
}
