using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Web;

public sealed class CharsetApiTests
{
    private const string Log = "2026-03-02 10:14:08 WARN ümlaut 90%\n";

    [Theory]
    [InlineData("utf-16", false, "utf-16le")]
    [InlineData("utf-16le", false, "utf-16le")]
    [InlineData("utf-16be", true, "utf-16be")]
    public async Task PlainText_DeclaredUtf16WithoutBom_IsDecodedAsDeclared(string charset, bool bigEndian, string expected)
    {
        await using var app = new AppFactory(new Dictionary<string, string?>());
        using var client = app.CreateClient();
        using var content = new ByteArrayContent(new UnicodeEncoding(bigEndian, byteOrderMark: false).GetBytes(Log));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = charset };

        using var response = await client.PostAsync("/api/v1/analyses", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(expected, json.RootElement.GetProperty("summary").GetProperty("encoding").GetString());
        Assert.Equal("ümlaut 90%", json.RootElement.GetProperty("records")[0].GetProperty("message").GetString());
    }
}
