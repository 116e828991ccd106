using System.Net.Http.Json;
using System.Text.Json;
using LogAnalyzer.Core.Redaction;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Redaction;

/// <summary>
/// Issue 15 item 7: placeholder look-alikes already in the input (a user pasting <c>[REDACTED:password]</c>) are not
/// redactions; only secrets actually masked are counted, in the summary and in the prompt preview.
/// </summary>
public sealed class HonestRedactionCountTests
{
    /// <summary>Three literal look-alikes, one real password.</summary>
    private const string Paste =
        "2026-03-02 10:00:01,000 ERROR [main] app.Auth - login failed password=[REDACTED:password] user=bob\n"
        + "2026-03-02 10:00:02,000 ERROR [main] app.Auth - login failed password=hunter2-Secret-Value user=amy\n"
        + "2026-03-02 10:00:03,000 ERROR [main] app.Auth - login failed token: [REDACTED:jwt] [REDACTED:api-key] user=eve\n";

    [Fact]
    public void TheRedactor_CountsOnlyWhatItMasks()
    {
        var tally = new RedactionTally();

        var redacted = new SecretRedactor().RedactInput(Paste, tally);

        Assert.DoesNotContain("hunter2", redacted, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, int> { ["password"] = 1 }, tally.Snapshot());
    }

    [Fact]
    public void TheSummary_CountsOnlyWhatWasMasked()
    {
        var result = IngestionRunner.Text(Paste);

        Assert.Equal(new Dictionary<string, int> { ["password"] = 1 }, result.Summary.Redactions);
    }

    [Fact]
    public async Task ThePromptPreview_CountsOnlyWhatWasMasked_NotLookAlikesFromTheInput()
    {
        await using var app = new AppFactory(new Dictionary<string, string?>());
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/analyses/preview-prompt", new { text = Paste });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        var prompt = root.GetProperty("messages")[1].GetProperty("content").GetString()!;
        var redactions = root.GetProperty("redactions").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());

        Assert.Contains("password=[REDACTED:password] user=amy", prompt, StringComparison.Ordinal); // the real one, masked
        Assert.Contains("password=[REDACTED-in-log:password] user=bob", prompt, StringComparison.Ordinal); // the look-alike, marked
        Assert.Equal(new Dictionary<string, int> { ["password"] = 1 }, root.GetProperty("inputRedactions").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()));
        // The preview counts masked values as they occur in the messages (a line may be shown more than once): every
        // counted password is the real one, and the pasted JWT and key placeholders count nothing.
        Assert.Equal(Occurrences(prompt, "password=[REDACTED:password] user=amy"), redactions["password"]);
        Assert.Equal(["password"], redactions.Keys);
    }

    [Theory]
    [InlineData("note: [REDACTED:password] was logged", "note: [REDACTED-in-log:password] was logged")]
    [InlineData("[REDACTED:jwt][REDACTED:email]", "[REDACTED-in-log:jwt][REDACTED-in-log:email]")]
    [InlineData("token: [REDACTED:jwt]", "token: [REDACTED-in-log:jwt]")]
    [InlineData("password=****** token=null secret=\"\" api_key=[REDACTED:api_key]", "password=****** token=null secret=\"\" api_key=[REDACTED-in-log:api_key]")]
    [InlineData("[REDACTED:] and [REDACTED:no spaces allowed] and [REDACTED:x", "[REDACTED:] and [REDACTED:no spaces allowed] and [REDACTED:x")] // not placeholders: left alone
    public void LookAlikes_AreMarkedAsFromTheLog_NotCounted_AndASecondPassChangesNothing(string input, string expected)
    {
        var tally = new RedactionTally();
        var redactor = new SecretRedactor();

        var once = redactor.RedactInput(input, tally);
        var twice = redactor.Redact(once, tally); // the defensive second pass (prompt, samples)

        Assert.Equal(expected, once);
        Assert.Equal(once, twice);
        Assert.Equal(0, tally.Total);
    }

    [Fact]
    public void AMaskNextToALookAlike_IsCountedOnce()
    {
        var tally = new RedactionTally();

        var redactor = new SecretRedactor();

        var redacted = redactor.RedactInput("old=[REDACTED:password] password=hunter2-Secret-Value", tally);
        var again = redactor.Redact(redacted, tally);

        Assert.Equal("old=[REDACTED-in-log:password] password=[REDACTED:password]", redacted);
        Assert.Equal(redacted, again); // the second pass keeps the real placeholder as it is
        Assert.Equal(1, tally.Total);
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
