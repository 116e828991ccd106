using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Ingestion;

public sealed class ExceptionParsingTests
{
    private static ExceptionInfo FirstException(string sample)
    {
        var result = IngestionRunner.Text(sample);
        var record = result.Records.First(r => r.Exception is not null);
        return record.Exception!;
    }

    [Fact]
    public void Java_TypeMessageFramesAndCauseChain()
    {
        var e = FirstException(TraceSamples.Java);
        Assert.Equal("java", e.Language);
        Assert.Equal("org.springframework.dao.DataAccessResourceFailureException", e.Type);
        Assert.StartsWith("Unable to acquire JDBC Connection", e.Message, StringComparison.Ordinal);
        Assert.Equal(
            ["org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException", "com.acme.orders.OrderService.find", "com.acme.orders.OrderController.get", "java.lang.Thread.run"],
            e.Frames.Select(f => f.Function));
        Assert.Equal([false, true, true, false], e.Frames.Select(f => f.InApp));
        Assert.Equal("OrderService.java", e.Frames[1].File);
        Assert.Equal(88, e.Frames[1].Line);
        Assert.Equal(["java.sql.SQLTransientConnectionException", "java.net.SocketTimeoutException"], e.Causes.Select(c => c.Type));
        Assert.Equal("Connect timed out", e.Causes[1].Message);
        Assert.Equal(2, e.Causes[0].Frames.Count);
    }

    [Fact]
    public void DotNet_InnerExceptionsAreCausesAndFramesGoToTheirException()
    {
        var e = FirstException(TraceSamples.DotNet);
        Assert.Equal("dotnet", e.Language);
        Assert.Equal("System.InvalidOperationException", e.Type);
        Assert.Equal("Could not save order 42", e.Message);
        var inner = Assert.Single(e.Causes);
        Assert.Equal("Microsoft.Data.SqlClient.SqlException", inner.Type);
        Assert.Equal("Timeout expired.", inner.Message);
        Assert.Equal(["Microsoft.Data.SqlClient.SqlConnection.OnError", "Acme.Orders.OrderRepository.SaveAsync"], inner.Frames.Select(f => f.Function));
        Assert.Equal("/src/Acme.Orders/OrderRepository.cs", inner.Frames[1].File);
        Assert.Equal(57, inner.Frames[1].Line);
        Assert.Equal(
            ["Acme.Orders.OrderService.PlaceAsync", "Acme.Orders.OrdersController.<Post>d__4.MoveNext", "Microsoft.AspNetCore.Mvc.Infrastructure.ActionMethodExecutor.TaskOfIActionResultExecutor.Execute"],
            e.Frames.Select(f => f.Function));
        Assert.Equal([true, true, false], e.Frames.Select(f => f.InApp));
    }

    [Fact]
    public void Python_ChainedTracebacks_OutermostFirstWithThrowingFrameFirst()
    {
        var e = FirstException(TraceSamples.Python);
        Assert.Equal("python", e.Language);
        Assert.Equal("RuntimeError", e.Type);
        Assert.Equal("job runner stopped", e.Message);
        Assert.Equal("<module>", Assert.Single(e.Frames).Function);
        Assert.Equal(["jobs.errors.FetchFailed", "requests.exceptions.ConnectionError"], e.Causes.Select(c => c.Type));
        var root = e.Causes[1];
        Assert.Equal(["get", "fetch"], root.Frames.Select(f => f.Function));
        Assert.Equal([false, true], root.Frames.Select(f => f.InApp));
        Assert.Equal(73, root.Frames[0].Line);
        Assert.Equal("/app/jobs/fetch.py", root.Frames[1].File);
    }

    [Fact]
    public void Node_ErrorWithCause()
    {
        var e = FirstException(TraceSamples.Node);
        Assert.Equal("node", e.Language);
        Assert.Equal("Error", e.Type);
        Assert.Equal("Failed to load user 42", e.Message);
        Assert.Equal(["loadUser", "handler", "processTicksAndRejections"], e.Frames.Select(f => f.Function));
        Assert.Equal([true, true, false], e.Frames.Select(f => f.InApp));
        Assert.Equal("/srv/app/src/users.js", e.Frames[0].File);
        Assert.Equal(18, e.Frames[0].Line);
        var cause = Assert.Single(e.Causes);
        Assert.Equal("TypeError", cause.Type);
        Assert.Equal("Cannot read properties of undefined (reading 'id')", cause.Message);
        Assert.Equal([true, false], cause.Frames.Select(f => f.InApp));
    }

    [Fact]
    public void Go_PanicWithFirstGoroutineFrames()
    {
        var e = FirstException(TraceSamples.Go);
        Assert.Equal("go", e.Language);
        Assert.Equal("panic", e.Type);
        Assert.Equal("runtime error: invalid memory address or nil pointer dereference", e.Message);
        Assert.Equal(["main.(*Server).handle", "main.main", "runtime.main"], e.Frames.Select(f => f.Function));
        Assert.Equal(["/app/server.go", "/app/main.go", "/usr/local/go/src/runtime/proc.go"], e.Frames.Select(f => f.File));
        Assert.Equal([42, 17, 267], e.Frames.Select(f => f.Line ?? 0));
        Assert.Equal([true, true, false], e.Frames.Select(f => f.InApp));
    }

    [Fact]
    public void Ruby_TypeInParenthesesAndFromFrames()
    {
        var e = FirstException(TraceSamples.Ruby);
        Assert.Equal("ruby", e.Language);
        Assert.Equal("NoMethodError", e.Type);
        Assert.Equal("undefined method `price' for nil", e.Message);
        Assert.Equal(["total", "call", "call"], e.Frames.Select(f => f.Function));
        Assert.Equal([true, true, false], e.Frames.Select(f => f.InApp));
        Assert.Equal(12, e.Frames[0].Line);
    }

    [Fact]
    public void Php_UncaughtWithStackTrace()
    {
        var e = FirstException(TraceSamples.Php);
        Assert.Equal("php", e.Language);
        Assert.Equal("RuntimeException", e.Type);
        Assert.Equal("Payment gateway unavailable", e.Message);
        Assert.Equal(["App\\Gateway->charge", "App\\Checkout->__invoke", "{main}"], e.Frames.Select(f => f.Function));
        Assert.Equal([true, false, true], e.Frames.Select(f => f.InApp));
        Assert.Equal(31, e.Frames[0].Line);
    }

    [Fact]
    public void Php_NextChainsAreOutermostFirst()
    {
        var text = """
            PHP Fatal error:  Uncaught InvalidArgumentException: bad id in /var/www/app/src/Repo.php:10
            Stack trace:
            #0 /var/www/app/src/Service.php(20): App\Repo->find('x')
            #1 {main}

            Next RuntimeException: lookup failed in /var/www/app/src/Service.php:25
            Stack trace:
            #0 /var/www/app/public/index.php(5): App\Service->run()
            #1 {main}
              thrown in /var/www/app/src/Service.php on line 25
            """;
        var e = FirstException(text);
        Assert.Equal("RuntimeException", e.Type);
        Assert.Equal("lookup failed", e.Message);
        Assert.Equal("InvalidArgumentException", Assert.Single(e.Causes).Type);
        Assert.Equal("bad id", e.Causes[0].Message);
    }

    [Theory]
    [InlineData("2026-03-02 10:14:07 WARN c.a.Client - call failed: java.net.SocketTimeoutException: Read timed out", "java.net.SocketTimeoutException", "Read timed out", "java")]
    [InlineData("2026-03-02 10:14:07 ERROR Unhandled System.TimeoutException: The operation has timed out.", "System.TimeoutException", "The operation has timed out.", "dotnet")]
    [InlineData("2026-03-02 10:14:07 ERROR worker: ConnectionRefusedError: [Errno 111] Connection refused", "ConnectionRefusedError", "[Errno 111] Connection refused", "unknown")]
    public void OneLineMention_YieldsTheType(string line, string type, string message, string language)
    {
        var e = IngestionRunner.Single(line).Exception;
        Assert.NotNull(e);
        Assert.Equal(type, e.Type);
        Assert.Equal(message, e.Message);
        Assert.Equal(language, e.Language);
        Assert.Empty(e.Frames);
    }

    [Theory]
    [InlineData("2026-03-02 10:14:07 WARN DataStreamer Exception")]
    [InlineData("2026-03-02 10:14:07 ERROR Error reading config file")]
    [InlineData("2026-03-02 10:14:07 INFO no errors today")]
    public void PlainWordsErrorOrException_AreNotExceptionTypes(string line)
    {
        Assert.Null(IngestionRunner.Single(line).Exception);
    }

    [Fact]
    public void Summary_CountsRecordsWithException()
    {
        var result = IngestionRunner.Text(TraceSamples.Java + TraceSamples.Python + TraceSamples.Go);
        Assert.Equal(3, result.Summary.RecordsWithException);
    }
}
