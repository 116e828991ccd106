using System.Collections.Concurrent;
using LogAnalyzer.Core.Redaction;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>Where the assembler hands each finished record: its text and where it sits in the input.</summary>
internal interface IRecordSink
{
    void Add(ReadOnlyMemory<char> text, int lineStart, int lineEnd, int lineCount, bool truncated, DateTimeOffset? outerTime, bool outerYearAssumed);
}

/// <summary>Hands records straight to the normalizer on the assembling thread (small inputs, one core).</summary>
internal sealed class DirectRecordSink(RecordNormalizer normalizer) : IRecordSink
{
    public void Add(ReadOnlyMemory<char> text, int lineStart, int lineEnd, int lineCount, bool truncated, DateTimeOffset? outerTime, bool outerYearAssumed) =>
        normalizer.Add(text, lineStart, lineEnd, lineCount, truncated, outerTime, outerYearAssumed);
}

/// <summary>
/// Splits ingestion of a large input over two threads: the assembling thread reads, sanitizes, assembles and redacts
/// records and queues them in batches; one worker thread reads their headers, messages and exceptions into
/// <see cref="LogRecord"/>s, in order. The two halves cost about the same; on the 2-vCPU VM the 1M-line bench's ingest
/// stage fell from 1.06–1.11 s to 0.63–0.74 s (docs/benchmarks.md, "Session 4"). The queue is bounded (<see cref="MaxBatchesInFlight"/> batches of
/// <see cref="BatchSize"/>), so the records waiting cost a few hundred kilobytes whatever the input. Every record
/// reaches the normalizer exactly once and in input order, so the result is the same as <see cref="DirectRecordSink"/>'s.
/// </summary>
internal sealed class PipelinedRecordSink : IRecordSink, IDisposable
{
    internal const int BatchSize = 4096;
    internal const int MaxBatchesInFlight = 8;

    private readonly SecretRedactor _redactor;
    private readonly RedactionTally _tally;
    private readonly BlockingCollection<Batch> _queue = new(MaxBatchesInFlight);
    private readonly ConcurrentQueue<Pending[]> _free = new();
    private readonly CancellationTokenSource _failed = new();
    private readonly Task _worker;
    private Pending[] _batch = new Pending[BatchSize];
    private int _count;
    private bool _completed;

    public PipelinedRecordSink(RecordNormalizer normalizer, SecretRedactor redactor, RedactionTally tally)
    {
        _redactor = redactor;
        _tally = tally;
        _worker = Task.Factory.StartNew(() => Drain(normalizer), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public void Add(ReadOnlyMemory<char> text, int lineStart, int lineEnd, int lineCount, bool truncated, DateTimeOffset? outerTime, bool outerYearAssumed)
    {
        _batch[_count++] = new Pending(RecordNormalizer.Redact(text, _redactor, _tally), lineStart, lineEnd, lineCount, truncated, outerTime, outerYearAssumed);
        if (_count == BatchSize)
        {
            Post();
        }
    }

    /// <summary>Sends the last batch and waits until the worker has normalized every record; rethrows its failure.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        if (_count > 0)
        {
            Post();
        }

        _queue.CompleteAdding();
        _worker.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        if (!_completed)
        {
            // The assembling thread failed: stop the worker without waiting for the records it would never need.
            _completed = true;
            _failed.Cancel();
            _queue.CompleteAdding();
            try
            {
                _worker.Wait();
            }
            catch (AggregateException)
            {
                // The assembling thread's own exception is the one that propagates.
            }
        }

        _queue.Dispose();
        _failed.Dispose();
    }

    private void Post()
    {
        try
        {
            _queue.Add(new Batch(_batch, _count), _failed.Token);
        }
        catch (OperationCanceledException)
        {
            // The worker failed: surface its exception on this thread.
            _worker.GetAwaiter().GetResult();
            throw;
        }

        _batch = _free.TryDequeue(out var reused) ? reused : new Pending[BatchSize];
        _count = 0;
    }

    private void Drain(RecordNormalizer normalizer)
    {
        try
        {
            foreach (var batch in _queue.GetConsumingEnumerable(_failed.Token))
            {
                var items = batch.Items;
                for (var i = 0; i < batch.Count; i++)
                {
                    ref readonly var p = ref items[i];
                    normalizer.AddRedacted(p.Text, p.LineStart, p.LineEnd, p.LineCount, p.Truncated, p.OuterTime, p.OuterYearAssumed);
                }

                Array.Clear(items, 0, batch.Count); // drop the references to record text before the array is reused
                _free.Enqueue(items);
            }
        }
        catch (OperationCanceledException) when (_failed.IsCancellationRequested)
        {
            // Stopped by Dispose after the assembling thread failed.
        }
        catch
        {
            _failed.Cancel();
            throw;
        }
    }

    private readonly record struct Pending(RedactedText Text, int LineStart, int LineEnd, int LineCount, bool Truncated, DateTimeOffset? OuterTime, bool OuterYearAssumed);

    private readonly record struct Batch(Pending[] Items, int Count);
}
