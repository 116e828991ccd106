using System.Text.Json;
using LogAnalyzer.Core.Redaction;

namespace LogAnalyzer.Tests.Redaction;

public sealed class SecretRedactorTests
{
    private const string Jwt =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    private readonly SecretRedactor _redactor = new();

    public static TheoryData<string, string, string> Secrets => new()
    {
        { "password", "exec: docker login --password s3cr3tValue --username deploy registry.local", "exec: docker login --password [REDACTED:password] --username deploy registry.local" },
        { "api_key", "running: curl --api-key 4f9a8b7c6d5e https://api.example.com/v1", "running: curl --api-key [REDACTED:api_key] https://api.example.com/v1" },
        { "token", "starting agent -token abcdef123456 -url https://ci.local", "starting agent -token [REDACTED:token] -url https://ci.local" },
        { "jwt", $"2026-03-02 10:14:07 INFO auth session={Jwt} issued", "2026-03-02 10:14:07 INFO auth session=[REDACTED:jwt] issued" },
        { "jwt", $"Authorization: Bearer {Jwt}", "Authorization: Bearer [REDACTED:jwt]" },
        { "bearer", "GET /api/orders headers={Authorization: Bearer 9f8e7d6c5b4a39281706aBcD}", "GET /api/orders headers={Authorization: Bearer [REDACTED:bearer]}" },
        { "bearer", "calling upstream with bearer sk8Hq2LmZx91Pq0Rt5Uv", "calling upstream with bearer [REDACTED:bearer]" },
        { "aws_key", "S3 client created with key AKIAIOSFODNN7EXAMPLE in us-east-1", "S3 client created with key [REDACTED:aws_key] in us-east-1" },
        { "aws_key", "sts credentials ASIAY34FZKBOKMUTVV7A expire in 3600s", "sts credentials [REDACTED:aws_key] expire in 3600s" },
        { "aws_key", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key = [REDACTED:aws_key]" },
        { "github_token", "git push with ghp_16C7e42F292c6912E7710c838347Ae178B4a failed", "git push with [REDACTED:github_token] failed" },
        { "github_token", "using github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", "using [REDACTED:github_token]" },
        { "hf_token", "HF_HUB token hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ01234567 loaded", "HF_HUB token [REDACTED:hf_token] loaded" },
        { "slack_token", "slack client xoxb-263594206564-2343594206574-FGqddMF8t08v8N7Oq4i57vs1 ready", "slack client [REDACTED:slack_token] ready" },
        { "stripe_key", "charge failed with key sk_live_4eC39HqLyjWDarjtT1zdp7dc", "charge failed with key [REDACTED:stripe_key]" },
        { "stripe_key", "restricted rk_live_51H8nB2CjzUeWq9Xy7Lm3Pq4 used", "restricted [REDACTED:stripe_key] used" },
        { "password", "db connect user=app password=hunter2 host=db1", "db connect user=app password=[REDACTED:password] host=db1" },
        { "password", "spring.datasource.password: Sup3r$ecret!", "spring.datasource.password: [REDACTED:password]" },
        { "password", "Server=db01;Database=orders;User Id=sa;Password=Pa55w0rd!;Encrypt=true", "Server=db01;Database=orders;User Id=sa;Password=[REDACTED:password];Encrypt=true" },
        { "password", "Host=pg;Username=app;Pwd=s3cr3t;", "Host=pg;Username=app;Pwd=[REDACTED:password];" },
        { "password", "level=warn msg=\"login retry\" user=bob passwd=\"letmein 123\"", "level=warn msg=\"login retry\" user=bob passwd=\"[REDACTED:password]\"" },
        { "secret", "oauth client_id=web client_secret=8f14e45fceea167a5a36dedd4bea2543", "oauth client_id=web client_secret=[REDACTED:secret]" },
        { "token", "refresh ok access_token=abc123def456 expires_in=3600", "refresh ok access_token=[REDACTED:token] expires_in=3600" },
        { "token", "request GET /callback?code=42&token=Zm9vYmFy&state=x", "request GET /callback?code=42&token=[REDACTED:token]&state=x" },
        { "api_key", "X-Api-Key: 5d41402abc4b2a76b9719d911017c592", "X-Api-Key: [REDACTED:api_key]" },
        { "api_key", "provider configured apiKey='k-12345-abcde'", "provider configured apiKey='[REDACTED:api_key]'" },
        { "url_credentials", "connecting to postgres://orders:S3cr3tPw@db.internal:5432/orders", "connecting to postgres://orders:[REDACTED:url_credentials]@db.internal:5432/orders" },
        { "url_credentials", "broker amqp://guest:p@ss@rabbit:5672/ unreachable", "broker amqp://guest:[REDACTED:url_credentials]@rabbit:5672/ unreachable" },
        { "url_credentials", "cache redis://:hunter2@redis:6379/0 connected", "cache redis://:[REDACTED:url_credentials]@redis:6379/0 connected" },
        { "email", "password reset mail sent to jane.doe+alerts@example.co.uk", "password reset mail sent to [REDACTED:email]" },
        { "card", "payment declined for card 4111 1111 1111 1111 (visa)", "payment declined for card [REDACTED:card] (visa)" },
        { "card", "pan=5555-5555-5555-4444 amount=12.00", "pan=[REDACTED:card] amount=12.00" },
        { "card", "amex 378282246310005 refused", "amex [REDACTED:card] refused" },
        { "card", "amex 3782 822463 10005 refused", "amex [REDACTED:card] refused" },
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    public void Redact_KnownSecret_ReplacedByTypedPlaceholder(string type, string input, string expected)
    {
        var tally = new RedactionTally();

        var output = _redactor.Redact(input, tally);

        Assert.Equal(expected, output);
        Assert.Equal(1, tally.Snapshot().GetValueOrDefault(type));
        Assert.Equal(1, tally.Total);
    }

    [Theory]
    [InlineData("081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_-6952295868487656571 terminating")]
    [InlineData("081109 204005 35 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.73.220:50010 is added to blk_7128370237687728475 size 67108864")]
    [InlineData("2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_0020_000001")]
    [InlineData("2026-03-02T10:14:07.120Z ERROR request 550e8400-e29b-41d4-a716-446655440000 failed after 1523 ms")]
    [InlineData("deployed commit 9fceb02d0ae598e95dc970b74767f19372d61af8 to 10.0.0.12:8080 and [2001:db8::1]:443")]
    [InlineData("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4")]
    [InlineData("Dec 10 06:55:46 LabSZ sshd[24200]: Failed password for invalid user webmaster from 173.234.31.186 port 38926 ssh2")]
    [InlineData("03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogsopening app wtoken = null")]
    [InlineData("epoch=1700000000123 micros=1700000000123456 nanos=1700000000123456789 order=4111111111111112")]
    [InlineData("java.lang.Object@6d06d69c installed lodash@4.17.21 image nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31")]
    [InlineData("tokens=5 max_tokens=100 token_count=7 passwordPolicy=strict keyspace=orders monkey=1 authenticated=true")]
    [InlineData("Login failed for user bob: invalid password, password reset required")]
    [InlineData("password=****** token=null secret=\"\" api_key=<redacted>")] // with a pasted [REDACTED:api_key]: HonestRedactionCountTests
    [InlineData("docker login --password-stdin --username deploy; vault read --token-file /etc/vault/token now")]
    [InlineData("usage: tool --password --user NAME (a flag with no value) and --api-key")]
    [InlineData("401 from /api/orders: token: expired; refresh token: revoked, password: invalid, api_key=missing")]
    [InlineData("mBinder token=android.os.BinderProxy@2bd79ce; window token=Token{a64f992 ActivityRecord{5e8f5a u0 com.acme/.Main t761}}")]
    [InlineData("")]
    public void Redact_OrdinaryLogLine_ReturnsSameInstance(string line)
    {
        var tally = new RedactionTally();

        var output = _redactor.Redact(line, tally);

        Assert.Same(line, output);
        Assert.Null(_redactor.RedactOrNull(line, tally));
        Assert.Equal(0, tally.Total);
    }

    [Fact]
    public void RedactOrNull_OnASliceOfALargerBuffer_RedactsOnlyThatSlice()
    {
        var buffer = "before password=hunter2 | 2026-03-02 login password=s3cret ok | after token=abc".AsMemory();
        var slice = buffer.Slice(26, 35);
        var tally = new RedactionTally();

        var output = _redactor.RedactOrNull(slice.Span, tally);

        Assert.Equal("2026-03-02 login password=[REDACTED:password] ok", output);
        Assert.Equal(1, tally.Total);
    }

    [Fact]
    public void Redact_JsonRecord_StaysValidJsonWithPlaceholders()
    {
        const string json = """{"@t":"2026-03-02T10:14:07Z","@l":"Error","user":"jane@example.com","password":"p@ss \"quoted\" w0rd","pin":1234,"apiKey":998877,"token":null,"nested":{"client_secret":"abc"}}""";
        var tally = new RedactionTally();

        var output = _redactor.Redact(json, tally);

        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("[REDACTED:email]", root.GetProperty("user").GetString());
        Assert.Equal("[REDACTED:password]", root.GetProperty("password").GetString());
        Assert.Equal("[REDACTED:api_key]", root.GetProperty("apiKey").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("token").ValueKind);
        Assert.Equal("[REDACTED:secret]", root.GetProperty("nested").GetProperty("client_secret").GetString());
        Assert.Equal(1234, root.GetProperty("pin").GetInt32());
        Assert.DoesNotContain("w0rd", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_DockerWrappedJson_InnerEscapedValueRedactedAndOuterJsonValid()
    {
        const string line = """{"log":"{\"level\":\"info\",\"password\":\"hunter2\"}\n","stream":"stdout","time":"2026-03-02T10:14:07.1Z"}""";
        var tally = new RedactionTally();

        var output = _redactor.Redact(line, tally);

        using var doc = JsonDocument.Parse(output);
        var inner = doc.RootElement.GetProperty("log").GetString()!;
        using var innerDoc = JsonDocument.Parse(inner);
        Assert.Equal("[REDACTED:password]", innerDoc.RootElement.GetProperty("password").GetString());
    }

    [Fact]
    public void Redact_PrivateKeyBlock_KeepsLineCount()
    {
        const string text =
            "2026-03-02 10:14:07 ERROR config loaded key:\n" +
            "-----BEGIN RSA PRIVATE KEY-----\r\n" +
            "MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi1GmuIsgeCDkWxTsAlvAyAQlCv\r\n" +
            "Qy8LhUeBw8hRz3sIEtUhqOEw+e1S2F1O7bzTS9Fg8cYpDq0Vb1XrF0N2T0eJ9s1n\r\n" +
            "-----END RSA PRIVATE KEY-----\n" +
            "2026-03-02 10:14:08 INFO next line";
        var tally = new RedactionTally();

        var output = _redactor.Redact(text, tally);

        Assert.Equal(text.Count(c => c == '\n'), output.Count(c => c == '\n'));
        Assert.Equal(text.Count(c => c == '\r'), output.Count(c => c == '\r'));
        Assert.DoesNotContain("MIIE", output, StringComparison.Ordinal);
        Assert.EndsWith("\n2026-03-02 10:14:08 INFO next line", output, StringComparison.Ordinal);
        Assert.Contains("key:\n[REDACTED:private_key]\r\n\r\n\r\n\n", output, StringComparison.Ordinal);
        Assert.Equal(1, tally.Snapshot()["private_key"]);
    }

    [Fact]
    public void Redact_UnterminatedPrivateKey_RedactsToEndKeepingLines()
    {
        const string text = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAMwAAAAtzc2gtZW";

        var output = _redactor.Redact(text, new RedactionTally());

        Assert.Equal("[REDACTED:private_key]\n\n", output);
    }

    [Fact]
    public void Redact_MultiLineRecord_NeverAddsOrRemovesLineBreaks()
    {
        const string text =
            "2026-03-02 10:14:07,120 ERROR [pool-1] app.Db - login failed password=\"unterminated\n" +
            "  token: abc123 email a@b.io card 4111111111111111\r\n" +
            "\tat app.Db.connect(Db.java:42)\n";

        var output = _redactor.Redact(text, new RedactionTally());

        Assert.Equal(text.Split('\n').Length, output.Split('\n').Length);
        Assert.Equal(text.Count(c => c == '\r'), output.Count(c => c == '\r'));
        Assert.Contains("\tat app.Db.connect(Db.java:42)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_SeveralSecrets_TallyCountsEachType()
    {
        const string text =
            "user=a@example.com password=x1 token=t1 card=4111111111111111 other=b@example.org " +
            "url=https://u:p@h.example.com key AKIAIOSFODNN7EXAMPLE";
        var tally = new RedactionTally();

        var output = _redactor.Redact(text, tally);

        var counts = tally.Snapshot();
        Assert.Equal(2, counts["email"]);
        Assert.Equal(1, counts["password"]);
        Assert.Equal(1, counts["token"]);
        Assert.Equal(1, counts["card"]);
        Assert.Equal(1, counts["url_credentials"]);
        Assert.Equal(1, counts["aws_key"]);
        Assert.Equal(7, tally.Total);
        Assert.Equal(7, output.Split("[REDACTED:").Length - 1);
    }

    [Theory]
    [InlineData("card 4111 1111 1111 1112 refused")]
    [InlineData("ref 1234567890123456 ok")]
    [InlineData("block blk_-4111111111111111 and id=x4111111111111111 and v1.4111111111111111")]
    [InlineData("range 4111-1111-1111-1111-1111-2222 is not a card")]
    public void Redact_DigitRunThatIsNoCard_LeftAlone(string line)
    {
        Assert.Same(line, _redactor.Redact(line, new RedactionTally()));
    }

    [Fact]
    public void Redact_TextWithoutSecrets_DoesNotAllocate()
    {
        const string line = "2026-03-02 10:14:07,120 INFO  [main] app.Startup - started in 812 ms on 10.1.2.3:8080";
        var tally = new RedactionTally();
        _redactor.Redact(line, tally);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            _redactor.Redact(line, tally);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
