using System.Text.Json;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Incidents;

/// <summary>Labelled incident pastes (copies of bench/incidents tuning pastes) through the whole pipeline, rules only.</summary>
public sealed class IncidentPasteTests
{
    public static TheoryData<string> Pastes => new()
    {
        "01-orders-db-refused", "03-oomkilled-cart", "06-smtp-not-connected", "07-redis-down-and-npe", "10-missing-env-crashloop",
    };

    [Theory]
    [MemberData(nameof(Pastes))]
    public async Task Paste_TopIncident_HasTheLabelledCauseRootLineAndGroupCount(string name)
    {
        var (text, label) = Load(name);

        var document = await Pipeline.AnalyzeAsync(text);

        var top = document.Incidents[0];
        Assert.Equal(label.CauseCategory, Name(top.CauseCategory));
        Assert.Contains(document.Records!, r => r.GroupId == top.RootGroupId && r.Text.Contains(label.RootLine, StringComparison.Ordinal));
        Assert.InRange(document.Groups.Count, label.Groups[0], label.Groups[1]);
        Assert.Equal(top.RootGroupId, top.GroupIds[0]);
    }

    [Theory]
    [MemberData(nameof(Pastes))]
    public async Task Paste_NoMissingContextClaim_OfAKindThePasteCarries(string name)
    {
        var (text, label) = Load(name);

        var document = await Pipeline.AnalyzeAsync(text);

        var contradicted = document.Insights.SelectMany(i => i.MissingContext).Where(m => label.Present.Contains(Name(m.Kind))).ToList();
        Assert.Empty(contradicted);
    }

    [Theory]
    [MemberData(nameof(Pastes))]
    public async Task Paste_EveryGroupIsInExactlyOneIncident_AndTheDocumentValidates(string name)
    {
        var (text, _) = Load(name);

        var document = await Pipeline.AnalyzeAsync(text);

        Assert.All(document.Groups, g => Assert.Single(document.Incidents, i => i.GroupIds.Contains(g.Id) && i.Id == g.IncidentId));
        Assert.Equal(document.Groups.Count, document.Incidents.Sum(i => i.GroupIds.Count));
        Assert.Empty(SchemaCheck.Errors(AnalysisJson.Serialize(document)));
    }

    [Fact]
    public async Task TwoIndependentProblems_StaySeparateIncidents()
    {
        var (text, _) = Load("07-redis-down-and-npe");

        var document = await Pipeline.AnalyzeAsync(text);

        var npe = document.Groups.Single(g => g.ExceptionTypes.Contains("java.lang.NullPointerException"));
        var redis = document.Incidents[0];
        Assert.DoesNotContain(npe.Id, redis.GroupIds);
        Assert.Equal(CauseCategory.CodeDefect, document.Incidents.Single(i => i.GroupIds.Contains(npe.Id)).CauseCategory);
    }

    private static readonly JsonSerializerOptions LabelOptions = new(JsonSerializerDefaults.Web);

    private static string Name<T>(T value) => JsonSerializer.Serialize(value, AnalysisJson.Options).Trim('"');

    private static (string Text, Label Label) Load(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Incidents");
        var label = JsonSerializer.Deserialize<Label>(File.ReadAllText(Path.Combine(dir, name + ".label.json")), LabelOptions)!;
        return (File.ReadAllText(Path.Combine(dir, name + ".log")), label);
    }

    private sealed record Label(string Split, string CauseCategory, string RootLine, int[] Groups, string[] Present);
}
