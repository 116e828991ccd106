using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Ingestion;

public sealed class JsonFormatTests
{
    [Fact]
    public void RawTracebackAfterACompleteJsonLine_IsARecordOfItsOwn()
    {
        // A JSON object on one line is a whole record; a Python traceback written to the same stream after it is not
        // part of that JSON (it used to be absorbed, and the JSON record lost its fields and the trace its exception).
        var text = "{\"@t\":\"2026-03-02T10:14:07Z\",\"@mt\":\"Worker started\",\"@l\":\"Information\"}\n"
            + "Traceback (most recent call last):\n"
            + "  File \"/app/worker.py\", line 12, in <module>\n"
            + "    main()\n"
            + "ValueError: bad config\n"
            + "{\"level\":50,\"time\":1709374447311,\"msg\":\"pino line\"}\n"
            + "    at Object.<anonymous> (/app/index.js:3:9)";

        var records = IngestionRunner.Text(text).Records;

        Assert.Equal(4, records.Count);
        Assert.Equal(LogFormat.JsonClef, records[0].Format);
        Assert.Equal("Worker started", records[0].Message);
        Assert.Equal((2, 5), (records[1].LineStart, records[1].LineEnd));
        Assert.Equal("ValueError", records[1].Exception!.Type);
        Assert.Equal("pino line", records[2].Message);
        Assert.Equal(7, records[3].LineStart);
    }

    [Fact]
    public void SerilogClef_RendersTemplateAndReadsException()
    {
        var line = "{\"@t\":\"2026-03-02T10:14:07.3110000Z\",\"@mt\":\"Order {OrderId} failed for {Customer}\",\"@l\":\"Error\",\"@x\":\"System.InvalidOperationException: Stock is negative\\n   at Acme.Stock.Take(Int32 n) in /src/Stock.cs:line 12\",\"OrderId\":42,\"Customer\":\"c-7\",\"SourceContext\":\"Acme.Orders.OrderService\"}";
        var record = IngestionRunner.Single(line);
        Assert.Equal(LogFormat.JsonClef, record.Format);
        Assert.Equal(Severity.Error, record.Level);
        Assert.Equal("Order 42 failed for c-7", record.Message);
        Assert.Equal("Acme.Orders.OrderService", record.Source);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 14, 7, 311, TimeSpan.Zero), record.Timestamp);
        Assert.Equal("42", record.Fields!["OrderId"]);
        Assert.Equal("System.InvalidOperationException", record.Exception!.Type);
        Assert.Equal("Acme.Stock.Take", Assert.Single(record.Exception.Frames).Function);
    }

    [Fact]
    public void SerilogClef_WithoutLevel_IsInformation()
    {
        var record = IngestionRunner.Single("{\"@t\":\"2026-03-02T10:14:07Z\",\"@m\":\"Started\"}");
        Assert.Equal(Severity.Info, record.Level);
        Assert.Equal("Started", record.Message);
    }

    [Fact]
    public void ElasticEcs_NestedAndDottedKeys()
    {
        var line = "{\"@timestamp\":\"2026-03-02T10:14:07.311Z\",\"log.level\":\"warn\",\"message\":\"Payment retry\",\"ecs.version\":\"1.6.0\",\"log\":{\"logger\":\"payments\"},\"service\":{\"name\":\"billing\"},\"error\":{\"type\":\"java.io.IOException\",\"message\":\"reset\",\"stack_trace\":\"java.io.IOException: reset\\n\\tat com.acme.Pay.send(Pay.java:9)\"}}";
        var record = IngestionRunner.Single(line);
        Assert.Equal(LogFormat.JsonEcs, record.Format);
        Assert.Equal(Severity.Warning, record.Level);
        Assert.Equal("Payment retry", record.Message);
        Assert.Equal("payments", record.Source);
        Assert.Equal("billing", record.Fields!["service.name"]);
        Assert.Equal("java.io.IOException", record.Exception!.Type);
        Assert.Equal("com.acme.Pay.send", Assert.Single(record.Exception.Frames).Function);
    }

    [Theory]
    [InlineData(10, Severity.Trace)]
    [InlineData(20, Severity.Debug)]
    [InlineData(30, Severity.Info)]
    [InlineData(40, Severity.Warning)]
    [InlineData(50, Severity.Error)]
    [InlineData(60, Severity.Critical)]
    public void Pino_NumericLevels(int level, Severity expected)
    {
        var record = IngestionRunner.Single($"{{\"level\":{level},\"time\":1709374447311,\"pid\":7,\"hostname\":\"api-1\",\"name\":\"api\",\"msg\":\"request done\"}}");
        Assert.Equal(LogFormat.JsonPino, record.Format);
        Assert.Equal(expected, record.Level);
        Assert.Equal("request done", record.Message);
        Assert.Equal("api", record.Source);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1709374447311), record.Timestamp);
    }

    [Fact]
    public void Pino_ErrStackIsParsed()
    {
        var record = IngestionRunner.Single("{\"level\":50,\"time\":1709374447311,\"msg\":\"boom\",\"err\":{\"type\":\"Error\",\"message\":\"boom\",\"stack\":\"Error: boom\\n    at run (/srv/app/index.js:3:9)\"}}");
        Assert.Equal("node", record.Exception!.Language);
        Assert.Equal("Error", record.Exception.Type);
        Assert.Equal("run", Assert.Single(record.Exception.Frames).Function);
    }

    [Fact]
    public void GenericJson_TimeLevelMsg()
    {
        var record = IngestionRunner.Single("{\"time\":\"2026-03-02T10:14:07+02:00\",\"level\":\"ERROR\",\"msg\":\"db down\",\"logger\":\"app.db\",\"attempt\":3}");
        Assert.Equal(LogFormat.JsonGeneric, record.Format);
        Assert.Equal(Severity.Error, record.Level);
        Assert.Equal("db down", record.Message);
        Assert.Equal("app.db", record.Source);
        Assert.Equal(TimeSpan.FromHours(2), record.Timestamp!.Value.Offset);
        Assert.Equal("3", record.Fields!["attempt"]);
    }

    [Fact]
    public void DockerWrapper_UnwrapsTheInnerLine()
    {
        var record = IngestionRunner.Single("{\"log\":\"2026-03-02 10:14:07,311 WARN [main] c.a.Cache - evicting 10 keys\\n\",\"stream\":\"stderr\",\"time\":\"2026-03-02T10:14:07.311999Z\"}");
        Assert.Equal(LogFormat.DockerJson, record.Format);
        Assert.Equal(Severity.Warning, record.Level);
        Assert.Equal("c.a.Cache", record.Source);
        Assert.Equal("evicting 10 keys", record.Message);
        Assert.Equal("stderr", record.Fields!["stream"]);
    }

    [Fact]
    public void PrettyPrintedJson_AcrossLines_IsOneRecord()
    {
        var result = IngestionRunner.Text("{\n  \"level\": \"info\",\n  \"msg\": \"multi-line object\"\n}\nnext line");
        Assert.Equal(2, result.Records.Count);
        Assert.Equal("multi-line object", result.Records[0].Message);
        Assert.Equal((1, 4), (result.Records[0].LineStart, result.Records[0].LineEnd));
    }

    [Fact]
    public void BrokenJson_FallsBackToText()
    {
        var record = IngestionRunner.Single("{\"level\":\"info\",\"msg\":\"cut off");
        Assert.Equal(LogFormat.Text, record.Format);
        Assert.Equal("{\"level\":\"info\",\"msg\":\"cut off", record.Message);
    }
}
