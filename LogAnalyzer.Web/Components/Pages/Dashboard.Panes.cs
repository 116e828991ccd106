using System.Globalization;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Web.Components.Analysis;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace LogAnalyzer.Web.Components.Pages;

/// <summary>
/// How the panes are laid out and linked: the selected group (highlighted in the centre and on the right, named in
/// the URL fragment "#group-C" so a link can be shared), scrolling one pane to what the other names, the results'
/// tabs, and the input pane's width (wide before the first results, collapsible once results are shown).
/// </summary>
public sealed partial class Dashboard
{
    /// <summary>Index of the Records tab (Patterns, Records, Timeline, JSON).</summary>
    private const int RecordsTab = 1;

    private int _resultsTab;
    private bool _inputCollapsed;

    /// <summary>The group chosen by a click or by the URL fragment; it may name a group the next analysis has.</summary>
    private string? _selectedGroup;

    /// <summary>Scroll the centre to the selected group once it is on the page.</summary>
    private bool _revealGroup;

    /// <summary>Scroll the right pane to the selected group's recommendation once it is on the page.</summary>
    private bool _revealInsight;

    /// <summary>The selected group when the current results have it, else null.</summary>
    private string? SelectedGroup =>
        _selectedGroup is { } id && Run.Document is { } document && document.Groups.Any(g => string.Equals(g.Id, id, StringComparison.Ordinal))
            ? id
            : null;

    private bool InputCollapsed => _inputCollapsed && Run.Document is not null;

    /// <summary>Before any results the input gets the room; with results the centre does, more with the input hidden.</summary>
    private string WorkspaceClass =>
        Run.Document is null ? "la-workspace la-no-results"
        : InputCollapsed ? "la-workspace la-input-collapsed"
        : "la-workspace";

    /// <summary>"Patterns (12)", or of a bounded analysis "Patterns (2,000 of 357,120)".</summary>
    private string PatternsTabText => Run.Document switch
    {
        null => "Patterns",
        { Truncated.Patterns: > 0 and var cut } document =>
            string.Create(CultureInfo.InvariantCulture, $"Patterns ({document.Patterns.Count:N0} of {document.Patterns.Count + cut:N0})"),
        { } document => string.Create(CultureInfo.InvariantCulture, $"Patterns ({document.Patterns.Count:N0})"),
    };

    /// <summary>"12 groups", or of a bounded analysis "1,000 of 68,412 groups".</summary>
    private static string GroupTotalText(AnalysisDocument document) => document.Truncated is { Groups: > 0 } cut
        ? string.Create(CultureInfo.InvariantCulture, $"{document.Groups.Count:N0} of {Plural.Of(document.Groups.Count + cut.Groups, "group")}")
        : Plural.Of(document.Groups.Count, "group");

    /// <summary>The page was opened with, or navigated to, a fragment: "#group-C" selects group C (now or once analysed).</summary>
    [JSInvokable]
    public Task OnFragmentChanged(string? fragment)
    {
        if (GroupFragment.Parse(fragment) is { } id)
        {
            _selectedGroup = id;
            _revealGroup = true;
            _revealInsight = true;
            StateHasChanged();
        }

        return Task.CompletedTask;
    }

    /// <summary>A group's header in the centre: select it and bring its recommendation into view on the right.</summary>
    private Task SelectGroupAsync(string groupId)
    {
        _selectedGroup = groupId;
        _revealInsight = true;
        return ShareSelectionAsync(groupId);
    }

    /// <summary>A recommendation's group link on the right: select the group and bring it into view in the centre.</summary>
    private Task ShowGroupAsync(string groupId)
    {
        _selectedGroup = groupId;
        _revealGroup = true;
        return ShareSelectionAsync(groupId);
    }

    /// <summary>A group named by an incident: select it and bring both the group and its recommendation into view.</summary>
    private Task GoToGroupAsync(string groupId)
    {
        _revealInsight = true;
        return ShowGroupAsync(groupId);
    }

    /// <summary>Puts the selection in the address bar (replacing the entry: Back leaves the page, not the selection).</summary>
    private async Task ShareSelectionAsync(string groupId)
    {
        if (Module is not { } module)
        {
            return;
        }

        try
        {
            await module.InvokeVoidAsync("setFragment", _lifetime.Token, GroupFragment.Fragment(groupId));
        }
        catch (Exception ex) when (ex is JSDisconnectedException or OperationCanceledException)
        {
            // The circuit is closing.
        }
    }

    /// <summary>After a render: scrolls to the selection where asked, once the elements are on the page.</summary>
    private async Task RevealSelectionAsync(IJSObjectReference module)
    {
        if (SelectedGroup is not { } id || Run.Document is not { } document)
        {
            return;
        }

        if (_revealGroup)
        {
            _revealGroup = false;
            await module.InvokeVoidAsync("revealInPane", _lifetime.Token, GroupFragment.ElementId(id), "[data-testid=select-group]");
        }

        // The recommendation arrives a stage after the group: wait for it.
        if (_revealInsight && document.Insights.Any(i => string.Equals(i.GroupId, id, StringComparison.Ordinal)))
        {
            _revealInsight = false;
            await module.InvokeVoidAsync("revealInPane", _lifetime.Token, GroupFragment.InsightElementId(id), null);
        }
    }

    private async Task ShowGroupRecordsInTabAsync(string groupId)
    {
        _resultsTab = RecordsTab;
        await ShowGroupRecordsAsync(groupId);
    }

    private async Task ShowEvidenceInTabAsync(EvidenceRequest request)
    {
        _resultsTab = RecordsTab;
        await ShowEvidenceAsync(request);
    }

    /// <summary>"Hide the log input" is offered once there are results to make room for.</summary>
    private EventCallback CollapseCallback => Run.Document is null ? default : EventCallback.Factory.Create(this, CollapseInput);

    private void CollapseInput() => _inputCollapsed = true;

    private void ExpandInput() => _inputCollapsed = false;
}
