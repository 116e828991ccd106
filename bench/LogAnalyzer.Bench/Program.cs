using LogAnalyzer.Bench;

var command = args.Length > 0 ? args[0] : string.Empty;
var rest = args.Length > 1 ? args[1..] : [];
return command switch
{
    "throughput" => ThroughputCommand.Run(rest),
    "accuracy" => await AccuracyCommand.RunAsync(rest).ConfigureAwait(false),
    "make-input" => MakeInputCommand.Run(rest),
    "profile-patterns" => ProfilePatternsCommand.Run(rest),
    "profile-ingest" => ProfileIngestCommand.Run(rest),
    "formats" => FormatsCommand.Run(rest),
    "llm-eval" => await LlmEvalCommand.RunAsync(rest).ConfigureAwait(false),
    "insights" => await InsightsCommand.RunAsync(rest).ConfigureAwait(false),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          throughput FILE [--runs N]                 deterministic pipeline on FILE, last line = JSON
          accuracy [DIR] [--content] [--original] [--explain NAME]
                                                     grouping accuracy on labelled Loghub-2k folders
          make-input OUT [--lines N] [--from DIR] [--unique]
                                                     cycle the raw logs into an N-line file
          profile-ingest FILE                        ingestion's steps as separate timed passes
          formats [--fixtures DIR] [--loghub DIR] [--explain NAME]
                                                     header accuracy per format fixture and per Loghub system,
                                                     known layouts on and off (inference only)
          profile-patterns FILE                      masking alone vs. the whole pattern stage
          insights [DIR] [--split S] [--explain]     rules on labelled incident pastes (bench/incidents)
        """);
    return 2;
}
